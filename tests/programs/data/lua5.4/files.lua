-- Reads data from the ro dir, writes, appends, seeks, renames and removes files in out/.
-- Under Cella a Lua error traps (no setjmp in wasi-libc): nothing here may raise one.
local words = {}
for line in io.lines("scripts/words.txt") do
  for w in line:gmatch("%a+") do words[#words + 1] = w:lower() end
end
print("words read", #words)

local counts = {}
for _, w in ipairs(words) do counts[w] = (counts[w] or 0) + 1 end
local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys, function(a, b)
  if counts[a] ~= counts[b] then return counts[a] > counts[b] end
  return a < b
end)

local f = assert(io.open("out/counts.txt", "w"))
for i = 1, math.min(#keys, 15) do f:write(string.format("%-10s %3d\n", keys[i], counts[keys[i]])) end
f:close()

f = assert(io.open("out/counts.txt", "a"))
f:write("-- ", #keys, " distinct words\n")
f:close()

f = assert(io.open("out/counts.txt", "r"))
local size = f:seek("end")
f:seek("set", 0)
local first = f:read("l")
f:seek("set", size - 10)
local tail = f:read("a")
f:close()
print("size", size, "first", first, "tail", tail:gsub("\n", "|"))

local b = assert(io.open("out/bytes.bin", "wb"))
for i = 0, 255 do b:write(string.char(i)) end
b:write(string.pack("<i4 >d z", -123456, math.pi, "packed"))
b:close()
b = assert(io.open("out/bytes.bin", "rb"))
local all = b:read("a")
b:close()
local n, x, s = string.unpack("<i4 >d z", all, 257)
print("bytes", #all, n, x == math.pi, s)

local tmp = assert(io.open("out/scratch.txt", "w"))
tmp:write("temporary\n")
tmp:close()
print("rename", os.rename("out/scratch.txt", "out/kept.txt"))
local g = assert(io.open("out/gone.txt", "w"))
g:close()
print("remove", os.remove("out/gone.txt"))
-- Failures return nil, a message and an errno; errno numbers differ between libcs.
local function message(ok, msg) return ok, msg end
print("remove missing", message(os.remove("out/never-there.txt")))
print("open missing", message(io.open("scripts/no-such-file")))
