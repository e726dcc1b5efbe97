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
