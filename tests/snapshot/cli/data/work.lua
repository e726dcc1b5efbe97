-- Computes, writes and reads back: every piece of WASI state a resume must carry.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local out = assert(io.open("out/results.txt", "w"))
for i = 1, 18 do out:write(i, " ", fib(i), "\n") end
local t = {}
for i = 1, 3000 do t[#t + 1] = string.format("%05d", (i * 7919) % 10007) end
table.sort(t)
out:write(table.concat(t, ",", 1, 20), "\n")
out:close()
local n = 0
for line in io.lines("out/results.txt") do n = n + #line end
print("bytes", n, "random", math.random(1, 1000000), "clock", os.clock() > 0)
-- Errors and coroutines (Lua's errors and yields are WebAssembly exceptions under Cella):
-- suspensions also land between a throw and its catch and inside catch arms.
local caught = 0
for i = 1, 300 do
  local ok, e = pcall(function() if i % 2 == 0 then error({i = i}) end return i end)
  if not ok then caught = caught + e.i end
end
local co = coroutine.wrap(function() for i = 1, 100 do pcall(coroutine.yield, i) end end)
local yielded = 0
for _ = 1, 100 do yielded = yielded + co() end
print("caught", caught, "yielded", yielded)
