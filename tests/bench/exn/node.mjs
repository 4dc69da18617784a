// Times the exports of exn.wasm in node: ns per iteration.
import { readFileSync } from 'node:fs';
const n = Number(process.argv[3] || 2000000);
const { instance } = await WebAssembly.instantiate(readFileSync(process.argv[2]));
function run(name, count) {
  let best = 1e9, r = 0;
  for (let k = 0; k < 20; k++) {
    const t0 = process.hrtime.bigint();
    r = instance.exports[name](count);
    const t = Number(process.hrtime.bigint() - t0) / 1e9;
    if (t < best) best = t;
  }
  console.log(`${name.padEnd(9)} ${(best * 1e9 / count).toFixed(2).padStart(8)} ns  (sum ${r >>> 0})`);
}
run('plain', n);
run('enter', n);
run('throw1', n / 10);
run('throw100', n / 100);
