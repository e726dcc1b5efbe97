-- Coroutines: yields across pcall, errors inside coroutines, wrap, status, close, and a
-- producer/consumer pipeline. Under Cella every yield and error unwinds with
-- WebAssembly exceptions (Lua built as C++).
local function show(label, ...) print(label, ...) end

-- Yield from inside a pcall, resume, then raise inside the same pcall.
local co = coroutine.create(function(a)
  local ok, v = pcall(function()
    local x = coroutine.yield(a + 1)
    local y = coroutine.yield(x * 2)
    error({y = y})
  end)
  coroutine.yield(ok, v.y)
  return "done"
end)
show("r1", coroutine.resume(co, 1))
show("r2", coroutine.resume(co, 10))
show("r3", coroutine.resume(co, 7))
show("r4", coroutine.resume(co))
show("r5", coroutine.resume(co))
show("status", coroutine.status(co))

-- An error inside a coroutine ends it; resume reports it.
local bad = coroutine.create(function() coroutine.yield(1) error("inside", 0) end)
show("bad1", coroutine.resume(bad))
show("bad2", coroutine.resume(bad))
show("bad status", coroutine.status(bad))

-- wrap propagates errors to the caller, where pcall catches them.
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end error({stop = true}) end)
show("wrap", gen(), gen(), gen())
local ok, e = pcall(gen)
show("wrap error", ok, type(e), e.stop)

-- Nested coroutines, each yielding across its own pcall.
local function inner()
  return coroutine.wrap(function()
    pcall(function() for i = 1, 3 do coroutine.yield("inner" .. i) end end)
    return "inner end"
  end)
end
local outer = coroutine.wrap(function()
  local it = inner()
  for _ = 1, 4 do coroutine.yield(it()) end
  return "outer end"
end)
show("nested", outer(), outer(), outer(), outer(), outer())

-- yield across pcall inside a loop of many coroutines.
local total = 0
for i = 1, 200 do
  local c = coroutine.wrap(function(n)
    local ok2, v = pcall(function() return coroutine.yield(n) * 2 end)
    return ok2 and v or -1
  end)
  total = total + c(i) + c(i)
end
show("many", total)

-- close runs pending to-be-closed variables of a suspended coroutine.
local closed = {}
local suspended = coroutine.create(function()
  local r <close> = setmetatable({}, {__close = function() closed[#closed + 1] = "r" end})
  coroutine.yield("suspended")
end)
show("before close", coroutine.resume(suspended))
show("close", coroutine.close(suspended), table.concat(closed, ","), coroutine.status(suspended))

-- A producer/consumer pipeline through a filter.
local function producer() return coroutine.wrap(function() for w in ("the quick brown fox jumps"):gmatch("%a+") do coroutine.yield(w) end end) end
local function filter(src) return coroutine.wrap(function() for w in src do coroutine.yield(w:upper()) end end) end
local words = {}
for w in filter(producer()) do words[#words + 1] = w end
show("pipeline", table.concat(words, " "))

-- yield outside a coroutine is an error, caught.
show("main yield", pcall(coroutine.yield, 1))
show("isyieldable", coroutine.isyieldable(), select(2, coroutine.running()))
