-- Pure computation: integers and floats, strings and patterns, tables, closures,
-- metatables, utf8, goto. No I/O but stdout; no errors raised.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(24))
print("ints", math.maxinteger, math.mininteger, 7 // 2, -7 // 2, 7 % -3, 1 << 62, 0xff ~ 0x0f)
print("floats", 7 / 2, 2^0.5, math.huge, -math.huge, math.floor(-3.5), math.fmod(7, 3), 1e15, 1e16, 0.1 + 0.2)
print("format", string.format("%5.2f|%-5d|%x|%q|%g|%e", math.pi, 42, 255, "a\nb", 1e20, 12345.678))
print("tointeger", math.tointeger(3.0), math.type(1), math.type(1.0), math.type("1"), 10 // 0.0, -(0/0) ~= -(0/0))

local primes, sieve = {}, {}
for i = 2, 5000 do
  if not sieve[i] then
    primes[#primes + 1] = i
    for j = i * i, 5000, i do sieve[j] = true end
  end
end
print("primes", #primes, primes[#primes], table.concat(primes, ",", 1, 10))

local s = string.rep("lua is a language; ", 50)
print("gsub", select(2, s:gsub("a", "A")), s:find("language", 100, true), s:match("(%a+) is"))
local parts = {}
for k, v in ("a=1, b=22, ccc=333"):gmatch("(%w+)=(%d+)") do parts[#parts + 1] = k .. ":" .. v * 2 end
print("gmatch", table.concat(parts, " "))
print("utf8", utf8.len("héllo wörld"), utf8.char(72, 228, 8364), #utf8.char(8364))
for p, c in utf8.codes("aé€") do io.write(p, "=", c, " ") end
print()

local Vec = {}
Vec.__index = Vec
Vec.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, Vec) end
Vec.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
local function vec(x, y) return setmetatable({x = x, y = y}, Vec) end
print("meta", tostring(vec(1, 2) + vec(3, 4)))

local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
c1(); c1()
print("closures", c1(), c2())

local t = {}
for i = 1, 2000 do t[i] = (i * 7919) % 2003 end
table.sort(t)
print("sort", t[1], t[1000], t[2000], #t)
print("select", select("#", 1, nil, 3), select(-1, "a", "b"))

local i = 0
::again::
i = i + 1
if i < 5 then goto again end
print("goto", i)

math.randomseed(42)
local r = {}
for _ = 1, 5 do r[#r + 1] = math.random(1000) end
print("random", table.concat(r, " "))
print("strings", ("abc"):rep(3, "-"), ("Hello"):upper(), ("%d items"):format(3), ("  trim  "):match("^%s*(.-)%s*$"))
