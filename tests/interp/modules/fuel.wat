;; Fuel fixtures: straight-line code, a counted loop, a trap inside a block, calls, an
;; endless loop, and recursion. Costs are documented in docs/fuel.md.
(module $fuel
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  ;; 12 per iteration + 4: sum(n) costs 12n + 4.
  (func (export "sum") (param $n i32) (result i32) (local $acc i32)
    block
      loop
        local.get $n
        i32.eqz
        br_if 1
        local.get $acc
        local.get $n
        i32.add
        local.set $acc
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br 0
      end
    end
    local.get $acc)
  ;; Traps at its third instruction; the rest of the block is refunded.
  (func (export "div_trap") (result i32)
    i32.const 7
    i32.const 0
    i32.div_s
    drop
    i32.const 5)
  (func $inc (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add)
  ;; 1 + 1 + 3 + 1 + 3 = 9
  (func (export "call_twice") (param i32) (result i32)
    local.get 0
    call $inc
    call $inc)
  (func $spin (export "spin")
    loop
      br 0
    end)
  ;; rec(n) pushes n + 1 frames.
  (func $rec (export "rec") (param i32) (result i32)
    local.get 0
    if (result i32)
      local.get 0
      i32.const 1
      i32.sub
      call $rec
    else
      i32.const 0
    end)
  (func (export "grow") (param i32) (result i32)
    local.get 0
    memory.grow)
  (func $inner (param i32) (result i32)
    local.get 0
    unreachable)
  (func $outer (export "outer") (param i32) (result i32)
    local.get 0
    i32.const 2
    i32.mul
    call $inner)
  ;; Writes i * i to memory[4 * i] for i < n: 16 per iteration + 5.
  (func (export "squares") (param $n i32) (local $i i32)
    loop $next
      local.get $i
      local.get $n
      i32.ge_u
      if
        return
      end
      local.get $i
      i32.const 4
      i32.mul
      local.get $i
      local.get $i
      i32.mul
      i32.store
      local.get $i
      i32.const 1
      i32.add
      local.set $i
      br $next
    end)
  ;; A br_if does not end its fuel block: taken (x != 0) it carries 10 out and gives
  ;; back what it skips: 3; not taken: 7.
  (func (export "brif_value") (param $x i32) (result i32)
    block (result i32)
      i32.const 10
      local.get $x
      br_if 0
      drop
      i32.const 20
      i32.const 1
      i32.add
    end)
  ;; Not taken (x = 0) it runs into a trap: local.get, br_if, const, const, div_u = 5.
  ;; Taken: local.get, br_if, i32.const 7 = 3.
  (func (export "brif_trap") (param $x i32) (result i32)
    block
      local.get $x
      br_if 0
      i32.const 1
      i32.const 0
      i32.div_u
      drop
    end
    i32.const 7))
