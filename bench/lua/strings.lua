-- bench/lua/strings.lua N: string building and scanning. Concatenation, table.concat,
-- string.format, patterns (gsub, gmatch, find), rep, sub, byte, upper and reverse.
local n = tonumber(arg[1]) or 100000

local words = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
                "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi" }

-- Build a document line by line.
local lines = {}
for i = 1, n do
  local w1, w2, w3 = words[i % 16 + 1], words[(i * 7) % 16 + 1], words[(i * 13) % 16 + 1]
  lines[i] = string.format("%06d %s %s-%s %.3f", i, w1, w2, w3, i / 7)
end
local doc = table.concat(lines, "\n")
print("doc", #doc)

-- Count words with gmatch and a table.
local freq, count = {}, 0
for word in doc:gmatch("%a+") do
  freq[word] = (freq[word] or 0) + 1
  count = count + 1
end
print("words", count, freq.alpha, freq.omicron)

-- Rewrite with gsub: numbers in brackets, words upper-cased.
local rewritten = doc:gsub("(%d+)%.(%d+)", "[%2.%1]"):gsub("%a+", string.upper)
print("gsub", #rewritten, rewritten:sub(1, 40))

-- find with plain strings and patterns.
local found, pos = 0, 1
while true do
  local s, e = doc:find("lambda", pos, true)
  if not s then break end
  found = found + 1
  pos = e + 1
end
print("find", found)

-- Small strings built by concatenation, reversed, hashed byte by byte.
local h = 0
for i = 1, n do
  local s = "item" .. i .. ":" .. words[i % 16 + 1]
  s = s:reverse() .. s:rep(2, ",")
  for j = 1, #s, 3 do h = (h * 31 + s:byte(j)) % 4294967296 end
end
print("hash", h)
