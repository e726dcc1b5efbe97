-- bench/lua/fib.lua N: recursive calls. Naive Fibonacci of N and Takeuchi's function:
-- calls, returns, integer compares and adds, little else.
local n = tonumber(arg[1]) or 30

local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end

local function tak(x, y, z)
  if y >= x then return z end
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
end

print("fib", n, fib(n))
print("tak", tak(n - 12, n - 20, n - 26))
