#!/usr/bin/env bash
# tests/programs/lua5.4.sh: Lua 5.4 runs scripts from a ro dir that read data there and
# write, append, rename and remove files in a rw dir; raise, catch and rethrow errors
# (tables as error values, pcall/xpcall/error, to-be-closed variables) and yield across
# pcall in coroutines. The wasm build is Lua as C++, so every error and yield unwinds with
# WebAssembly exceptions (tools/wasi-programs/programs/lua5.4.sh).
source "$(dirname "$0")/harness.sh" lua5.4 "$@"

mkdir scripts out
cp "$data"/lua5.4/* scripts/

run_step "read, write, append, seek, rename, remove" --ro scripts --rw out -- scripts/files.lua
run_step "the same script again over its own output" --ro scripts --rw out -- scripts/files.lua
run_step "computation: numbers, strings, tables, metatables" --ro scripts -- scripts/compute.lua
run_step "arguments and environment" --ro scripts --env GREETING=hello -- scripts/env.lua one "two words" 3
run_step "code from -e" -- -e 'local t = {} for i = 1, 100 do t[i] = i * i end print(#t, t[100], _VERSION)'
run_step "a script on stdin" --ro scripts --stdin scripts/compute.lua -- -
run_step "errors: raise, catch, rethrow, tables as values" --ro scripts -- scripts/errors.lua
run_step "an uncaught error ends the script with status 1" --ro scripts --expect 1 -- scripts/errors.lua uncaught
run_step "coroutines yielding across pcall" --ro scripts -- scripts/coroutines.lua
run_step "an error from -e" --expect 1 -- -e 'local t = setmetatable({}, {__index = function() error("no", 2) end}) print(t.x)'
finish
