-- Errors: raised, caught and raised again; error values that are tables; error levels;
-- errors from the runtime (arithmetic on nil, bad calls); xpcall with a handler;
-- to-be-closed variables closed by an error. Under Cella, Lua is C++ and every error
-- unwinds with WebAssembly exceptions.
local function check(label, ...) print(label, ...) end

check("string", pcall(error, "plain message"))
check("level 0", pcall(function() error("no position", 0) end))
check("level 1", pcall(function() error("with position") end))
check("level 2", pcall(function() local function inner() error("caller's position", 2) end inner() end))

-- Tables as error values keep their identity and fields.
local E = setmetatable({}, {__tostring = function(e) return "E(" .. e.code .. ")" end})
local function fail(code) error(setmetatable({code = code, where = "fail"}, getmetatable(E))) end
local ok, e = pcall(fail, 404)
check("table", ok, type(e), e.code, e.where, tostring(e), getmetatable(e) == getmetatable(E))

-- Runtime errors.
check("nil arith", pcall(function() local x; return x + 1 end))
check("nil index", pcall(function() local t; return t.field end))
check("bad call", pcall(function() local f = 42; f() end))
check("concat", pcall(function() return {} .. "x" end))
check("tonumber", pcall(string.rep))

-- Catch, inspect, raise again (a different error and the same one).
local function layer(n)
  if n == 0 then error({depth = 0}) end
  local ok, err = pcall(layer, n - 1)
  err.depth = err.depth + 1
  error(err)
end
local _, deep = pcall(layer, 50)
check("rethrown through 50 pcalls", deep.depth)

local function rethrow_same()
  local ok, err = pcall(error, {tag = "same"})
  error(err)
end
local _, same = pcall(rethrow_same)
check("same object", same.tag)

-- Errors inside metamethods and iterators.
local guarded = setmetatable({}, {__index = function(_, k) error("no field " .. k, 2) end})
check("__index", pcall(function() return guarded.missing end))
check("in sort", pcall(table.sort, {3, 1, 2}, function(a, b) if a == 2 then error("cmp") end return a < b end))

-- xpcall: the handler sees the error and may transform it.
check("xpcall", xpcall(function() error({n = 7}) end, function(err) return "handled " .. err.n end))
check("xpcall ok", xpcall(function(a, b) return a + b end, print, 2, 3))
check("handler error", xpcall(error, function() error("again") end, "x"))

-- To-be-closed variables run their __close on error, innermost first.
local log = {}
local function closer(name) return setmetatable({}, {__close = function(_, err) log[#log + 1] = name .. ":" .. tostring(err) end}) end
check("tbc", pcall(function()
  local a <close> = closer("a")
  local b <close> = closer("b")
  error("boom", 0)
end))
check("closed", table.concat(log, " "))

-- Deep recursion that overflows the Lua stack is an error, not a crash.
local function down(n) return 1 + down(n + 1) end
local ok2, msg = pcall(down, 1)
check("stack overflow", ok2, (msg:gsub("^.-:%d+: ", "")))

-- Many errors in a loop: nothing accumulates.
local caught = 0
for i = 1, 20000 do
  if not pcall(error, i) then caught = caught + 1 end
end
check("loop", caught)

-- An error nobody catches ends the script: lua prints it to stderr and exits with 1.
if arg[1] == "uncaught" then
  print("about to fail")
  error({code = 3})
end
