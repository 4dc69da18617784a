// Runs a Sightglass benchmark module under node:wasi as w2c_driver.c runs
// w2c's: the current directory preopened as ".", argv ["benchmark.wasm"], no
// environment, and bench.start/bench.end timing the work into $W2C_BENCH_TIME
// (nanoseconds): with $W2C_BENCH_CLOCK=cpu the process's CPU time (user and
// system, all threads) instead of the wall clock's, as w2c_driver.c.
// node [V8 FLAGS] node_driver.mjs MODULE.wasm
import { WASI } from 'node:wasi';
import { readFileSync, writeFileSync } from 'node:fs';
import { argv, env, hrtime, cpuUsage } from 'node:process';

const wasi = new WASI({ version: 'preview1', args: ['benchmark.wasm'], env: {},
                        preopens: { '.': '.' }, returnOnExit: true });
// cpuUsage() is in microseconds; hrtime.bigint() in nanoseconds
const now = env.W2C_BENCH_CLOCK === 'cpu'
  ? () => { const u = cpuUsage(); return BigInt(u.user + u.system) * 1000n; }
  : () => hrtime.bigint();
let start = 0n, end = 0n, starts = 0, ends = 0;
const bench = {
  start() { starts++; start = now(); },
  end() { end = now(); ends++; },
};
// Synchronously: node 26's async compile never settles with
// --no-wasm-lazy-compilation (top-level await left unsettled, exit 13).
const module = new WebAssembly.Module(readFileSync(argv[2]));
const instance = new WebAssembly.Instance(module, { ...wasi.getImportObject(), bench });
const status = wasi.start(instance);
if (env.W2C_BENCH_TIME && starts === 1 && ends === 1)
  writeFileSync(env.W2C_BENCH_TIME, `${end - start}\n`);
process.exitCode = status;
