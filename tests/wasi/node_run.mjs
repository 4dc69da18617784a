// node_run.mjs: runs a WASI command module under node's WASI, with the
// command line of `w2c run`, for run_tests.py to compare the two:
//
//   node node_run.mjs [--dir HOST[::GUEST]]... [--env NAME=VALUE]... -- MODULE.wasm [ARGS...]
//
// Standard streams pass through; the exit status is the module's.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let i = 0;
for (; i < argv.length; i++) {
  if (argv[i] === '--') { i++; break; }
  if (argv[i] === '--dir') {
    const [host, guest] = argv[++i].split('::');
    preopens[guest ?? host] = host;
  } else if (argv[i] === '--env') {
    const e = argv[++i];
    const eq = e.indexOf('=');
    env[e.slice(0, eq)] = e.slice(eq + 1);
  } else {
    break;
  }
}
const wasm = argv[i];
const wasi = new WASI({
  version: 'preview1',
  args: [basename(wasm), ...argv.slice(i + 1)],
  env,
  preopens,
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasm));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
