// bench/node/wasi_run.mjs: runs a WASI command module under node's WASI (preview1) for
// bench/run, and reports how long each phase took, so the suite can leave node's start-up
// and wasm compilation out of the workload's time and report them separately.
//
//   node [--liftoff-only] wasi_run.mjs --timing FILE [--dir HOST::GUEST]... [--env K=V]...
//        [--stdin FILE] [--stdout FILE] -- MODULE.wasm [ARGS...]
//
// FILE gets JSON: {"compile_ms", "instantiate_ms", "run_ms", "exit_code"}, where run_ms is
// the time inside wasi.start() (the guest's _start to its proc_exit or return).
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let timing = null, stdinPath = null, stdoutPath = null;
while (argv.length > 0 && argv[0] !== '--') {
  const flag = argv.shift();
  const value = argv.shift();
  if (value === undefined) throw new Error(`wasi_run: ${flag} needs a value`);
  if (flag === '--timing') timing = value;
  else if (flag === '--dir') {
    const [host, guest] = value.split('::');
    preopens[guest ?? host] = host;
  } else if (flag === '--env') {
    const eq = value.indexOf('=');
    env[value.slice(0, eq)] = value.slice(eq + 1);
  } else if (flag === '--stdin') stdinPath = value;
  else if (flag === '--stdout') stdoutPath = value;
  else throw new Error(`wasi_run: unknown option ${flag}`);
}
argv.shift();  // --
const [modulePath, ...args] = argv;
if (!modulePath) throw new Error('wasi_run: no module given');

const wasi = new WASI({
  version: 'preview1',
  args: [modulePath, ...args],
  env,
  preopens,
  returnOnExit: true,
  stdin: stdinPath ? openSync(stdinPath, 'r') : 0,
  stdout: stdoutPath ? openSync(stdoutPath, 'w') : 1,
  stderr: 2,
});

const bytes = readFileSync(modulePath);
const t0 = performance.now();
const module = await WebAssembly.compile(bytes);
const t1 = performance.now();
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const t2 = performance.now();
const exitCode = wasi.start(instance);
const t3 = performance.now();

const result = { compile_ms: t1 - t0, instantiate_ms: t2 - t1, run_ms: t3 - t2, exit_code: exitCode };
if (timing) writeFileSync(timing, JSON.stringify(result) + '\n');
process.exitCode = exitCode;
