-- bench/lua/tables.lua N: table-heavy code. Records in arrays, sorted with a comparison
-- function; a hash table keyed by strings; a sieve in an array; insert and remove.
local n = tonumber(arg[1]) or 100000

-- A deterministic generator (an LCG), so every engine sees the same data.
local seed = 42
local function rand(m)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % m
end

-- Records, sorted by two keys.
local records = {}
for i = 1, n do
  records[i] = { id = i, group = rand(100), score = rand(1000000) }
end
table.sort(records, function(a, b)
  if a.group ~= b.group then return a.group < b.group end
  return a.score < b.score
end)
local check = 0
for i = 1, #records, 97 do check = (check * 31 + records[i].id) % 1000000007 end
print("sorted", #records, check)

-- A hash table keyed by strings: counts, then a pass over every pair.
local counts = {}
for i = 1, n do
  local key = "k" .. rand(n // 4)
  counts[key] = (counts[key] or 0) + 1
end
local keys, total = 0, 0
for _, c in pairs(counts) do
  keys = keys + 1
  total = total + c
end
print("hash", keys, total)

-- Sieve of Eratosthenes in an array of booleans.
local limit = n * 10
local composite = {}
for i = 1, limit do composite[i] = false end
local primes = 0
for i = 2, limit do
  if not composite[i] then
    primes = primes + 1
    for j = i * i, limit, i do composite[j] = true end
  end
end
print("primes", limit, primes)

-- A queue and a stack: insert and remove at both ends, objects with methods.
local Queue = {}
Queue.__index = Queue
function Queue.new() return setmetatable({ first = 1, last = 0, items = {} }, Queue) end
function Queue:push(v) self.last = self.last + 1; self.items[self.last] = v end
function Queue:pop()
  local v = self.items[self.first]
  self.items[self.first] = nil
  self.first = self.first + 1
  return v
end
function Queue:empty() return self.first > self.last end
local q, stack, sum = Queue.new(), {}, 0
for i = 1, n do
  q:push({ value = i })
  if i % 3 == 0 then stack[#stack + 1] = q:pop().value end
end
while not q:empty() do sum = sum + q:pop().value end
while #stack > 0 do sum = sum + table.remove(stack) end
print("queue", sum)
