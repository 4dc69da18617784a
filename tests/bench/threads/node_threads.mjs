// node_threads.mjs: runs a wasi-threads module of bench.c under node's
// workers: one shared WebAssembly.Memory, an instance per thread, the
// few WASI functions bench.c imports, and thread-spawn starting a worker
// that instantiates the module and calls wasi_thread_start(tid, arg).
//   node node_threads.mjs MODULE.wasm
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { readFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

function imports(memory, module, tids) {
  const u8 = () => new Uint8Array(memory.buffer);
  const dv = () => new DataView(memory.buffer);
  return {
    env: { memory },
    wasi: {
      'thread-spawn': (arg) => {
        const tid = Atomics.add(tids, 0, 1);
        new Worker(self, { workerData: { module, memory, tids, tid, arg } });
        return tid;
      },
    },
    wasi_snapshot_preview1: {
      fd_write: (fd, iovs, n, written) => {
        let total = 0;
        for (let i = 0; i < n; i++) {
          const p = dv().getUint32(iovs + 8 * i, true), len = dv().getUint32(iovs + 8 * i + 4, true);
          writeSync(fd, u8().slice(p, p + len));
          total += len;
        }
        dv().setUint32(written, total, true);
        return 0;
      },
      proc_exit: (code) => process.exit(code),
      clock_time_get: (id, prec, out) => {
        dv().setBigUint64(out, process.hrtime.bigint(), true);
        return 0;
      },
    },
  };
}

if (isMainThread) {
  const module = new WebAssembly.Module(readFileSync(process.argv[2]));
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 256, shared: true });
  const tids = new Int32Array(new SharedArrayBuffer(4));
  tids[0] = 1;
  const inst = new WebAssembly.Instance(module, imports(memory, module, tids));
  inst.exports._start();
  process.exit(0);
} else {
  const { module, memory, tids, tid, arg } = workerData;
  const inst = new WebAssembly.Instance(module, imports(memory, module, tids));
  inst.exports.wasi_thread_start(tid, arg);
}
