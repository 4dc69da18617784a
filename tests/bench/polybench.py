#!/usr/bin/env python3
"""PolyBench/C 4.2.1 and CoreMark: the same C built natively and through w2c.

    tests/bench/polybench.py                  # 30 kernels + CoreMark, LARGE size, 3 runs
    tests/bench/polybench.py --only gemm,coremark --runs 5 --dataset MEDIUM
    tests/bench/polybench.py --smoke          # CI: one kernel at MINI size, outputs checked

The sources are ../shared/bench/polybench and ../shared/bench/coremark (see
that directory's README.md; --bench-dir overrides).  Each kernel is built

    native  gcc -O2 (plus --layout, -falign-loops=32 as in run.py)
    w2c     clang --target=wasm32-wasi -O2 from the same source, then
            `w2c build --cc gcc --cflags "-O2 --layout"`

PolyBench kernels are built with -DPOLYBENCH_TIME (the kernel's own time,
without initialisation and output, is printed on stdout) and
-DPOLYBENCH_DUMP_ARRAYS (the result arrays go to stderr): every run's stderr
must equal the native one, else the contender FAILED.  CoreMark runs with
its performance seeds (0 0 0x66) and --coremark-iterations; its CRC lines
must equal the native ones and it must report no error other than running
for less than 10 s (CoreMark's rule for publishing a score); its time
is its own "Total time (secs)".

Runs interleave: every round runs each contender once, the starting one
rotating.  The table gives the median of the program's own timer and the
ratio to native; geomean over the kernels.  Raw times go to
tests/bench/work/polybench/results.json and the "polybench" section of
RESULTS.md is rewritten (unless --no-results or --smoke).
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

def default_bench():
    """../shared/bench beside the repository, or beside a directory above it
    (a worktree sits deeper than the main checkout)."""
    d = B.REPO
    while d != os.path.dirname(d):
        d = os.path.dirname(d)
        cand = os.path.join(d, 'shared', 'bench')
        if os.path.isdir(cand):
            return cand
    return os.path.join(os.path.dirname(B.REPO), 'shared', 'bench')


DEFAULT_BENCH = default_bench()
CONTENDERS = ['native', 'w2c']


def kernels(pb):
    """name -> source path, from PolyBench's own list."""
    out = {}
    with open(os.path.join(pb, 'utilities', 'benchmark_list')) as f:
        for line in f:
            line = line.strip()
            if line.endswith('.c'):
                out[os.path.basename(line)[:-2]] = os.path.normpath(os.path.join(pb, line))
    return out


class Fail(Exception):
    pass


def must(m, what):
    if not m.ok:
        raise Fail('%s: %s\n%s' % (what, m.why(), m.err.decode('utf-8', 'replace')[-2000:]))
    return m


class Suite:
    def __init__(self, a):
        self.a = a
        self.pb = os.path.join(a.bench_dir, 'polybench')
        self.cm = os.path.join(a.bench_dir, 'coremark')
        self.work = os.path.abspath(a.work)
        self.w2c = B.find_w2c(a.w2c)
        self.layout = a.layout.split()
        self.cmds = {}       # (k, c) -> argv
        self.times = {}      # (k, c) -> [seconds, by the program's own timer]
        self.walls = {}      # (k, c) -> [wall seconds]
        self.wrong = {}      # (k, c) -> why
        self.expected = {}   # k -> (stdout check, stderr digest)
        self.notes = []

    def log(self, *x):
        print(*x, file=sys.stderr, flush=True)

    # --- building

    def sources(self, k):
        if k == 'coremark':
            cm = self.cm
            srcs = [os.path.join(cm, f) for f in sorted(os.listdir(cm))
                    if f.startswith('core_') and f.endswith('.c')]
            return (['-I', cm, '-I', os.path.join(cm, 'posix'), '-DPERFORMANCE_RUN=1',
                     '-DFLAGS_STR="-O2"'], srcs + [os.path.join(cm, 'posix', 'core_portme.c')])
        u = os.path.join(self.pb, 'utilities')
        return (['-I', u, '-I', os.path.dirname(self.all[k]), '-DPOLYBENCH_TIME',
                 '-DPOLYBENCH_DUMP_ARRAYS', '-D%s_DATASET' % self.a.dataset],
                [os.path.join(u, 'polybench.c'), self.all[k]])

    def build(self, k):
        d = os.path.join(self.work, k)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        flags, srcs = self.sources(k)
        nat = os.path.join(d, k + '.native')
        must(B.measure([self.a.cc, '-O2'] + self.layout + flags + srcs + ['-o', nat, '-lm']),
             '%s: native build' % k)
        wasm = os.path.join(d, k + '.wasm')
        # wasi-libc has no process clocks: PolyBench includes sys/resource.h
        must(B.measure(['clang', '--target=wasm32-wasi', '--sysroot=' + self.a.sysroot, '-O2',
                        '-D_WASI_EMULATED_PROCESS_CLOCKS'] + flags + srcs
                       + ['-o', wasm, '-lm', '-lwasi-emulated-process-clocks']),
             '%s: wasm build' % k)
        exe = os.path.join(d, k + '.w2c')
        m = must(B.measure([self.w2c, 'build', wasm, '-o', exe, '--cc', self.a.cc, '--cflags',
                            ' '.join(['-O2'] + self.layout + self.a.w2c_cflags.split())]),
                 '%s: w2c build' % k)
        self.build_s = getattr(self, 'build_s', {})
        self.build_s[k] = m.wall
        args = []
        if k == 'coremark':
            args = ['0x0', '0x0', '0x66', str(self.a.coremark_iterations)]
        self.cmds[(k, 'native')] = [nat] + args
        self.cmds[(k, 'w2c')] = [exe] + args

    # --- running

    def parse(self, k, m):
        """(seconds by the program's timer, what must match native)."""
        out = m.out.decode('utf-8', 'replace')
        if k == 'coremark':
            t = re.search(r'Total time \(secs\)\s*:\s*([0-9.]+)', out)
            crcs = '\n'.join(l for l in out.splitlines() if 'crc' in l)
            # a run under 10 s is "Errors detected" only for its length
            errors = [l for l in out.splitlines() if 'ERROR' in l.upper()
                      and 'at least 10 secs' not in l and l.strip() != 'Errors detected']
            if not t or errors or not crcs:
                return None, out[-300:]
            return float(t.group(1)), crcs
        try:
            t = float(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            return None, out[-300:]
        return t, hashlib.sha256(m.err).hexdigest()

    def run(self, k, c):
        m = B.measure(self.cmds[(k, c)], cwd=os.path.join(self.work, k),
                      timeout=self.a.timeout)
        if not m.ok:
            return None, m.why()
        t, check = self.parse(k, m)
        if t is None:
            return None, 'no time in the output: %r' % check
        if c == 'native':
            self.expected.setdefault(k, check)
        if check != self.expected[k]:
            return None, 'output differs from native'
        self.walls.setdefault((k, c), []).append(m.wall)
        return t, None

    def measure(self, k, runs):
        live = list(CONTENDERS)
        for r in range(runs + 1):   # round 0: untimed, checks outputs
            order = live[r % len(live):] + live[:r % len(live)]
            if r == 0:
                order = ['native'] + [c for c in live if c != 'native']
            for c in order:
                if (k, c) in self.wrong:
                    continue
                t, why = self.run(k, c)
                if why:
                    if c == 'native':
                        raise Fail('%s: native run failed: %s' % (k, why))
                    self.wrong[(k, c)] = why
                    self.log('polybench.py:   %s: FAILED: %s' % (c, why))
                elif r > 0:
                    self.times.setdefault((k, c), []).append(t)
        self.log('polybench.py: %-16s %s' % (k, '  '.join(
            '%s %s' % (c, B.fmt_s(self.med(k, c), 4)) for c in live)))

    def med(self, k, c):
        ts = self.times.get((k, c))
        return B.median(ts) if ts and (k, c) not in self.wrong else None

    # --- reporting

    def table(self, names):
        rows, ratios = [], []
        for k in names:
            base, t = self.med(k, 'native'), self.med(k, 'w2c')
            if (k, 'w2c') in self.wrong:
                cell = 'FAILED'
            elif t is None or not base:
                cell = '-'
            else:
                ratios.append((k, t / base))
                cell = '%.4f (%.2fx)' % (t, t / base)
            ws = self.times.get((k, 'w2c'), [])
            spread = '%.0f%%' % (100 * (max(ws) / min(ws) - 1)) if len(ws) > 1 and min(ws) > 0 else ''
            rows.append([k, B.fmt_s(base, 4), cell, spread])
        rs = [r for _, r in ratios]
        rows.append(['geomean (%d)' % len(rs), '1.00', '%.2fx' % B.geomean(rs) if rs else '-', ''])
        return B.md_table(['kernel', 'native (s)', 'w2c (s)', 'w2c spread'], rows), ratios

    def report(self, names, machine, elapsed):
        a = self.a
        tab, ratios = self.table(names)
        worst = sorted(ratios, key=lambda x: -x[1])[:5]
        lines = ['## PolyBench/C and CoreMark', '',
                 'Made by `tests/bench/polybench.py%s` in %.1f minutes: %d timed runs per kernel '
                 'and contender, interleaved, after one untimed run that checks the output. '
                 'PolyBench %s_DATASET; CoreMark %d iterations. Times are each program\'s own '
                 'timer (PolyBench: the kernel alone; CoreMark: its Total time), medians. '
                 'native: `%s -O2 %s`; w2c: `clang --target=wasm32-wasi -O2`, then `w2c build '
                 '--cflags "%s"`.'
                 % (' ' + ' '.join(a.argv) if a.argv else '', elapsed / 60, a.runs, a.dataset,
                    a.coremark_iterations, a.cc, ' '.join(self.layout),
                    ' '.join(['-O2'] + self.layout + a.w2c_cflags.split())), '']
        lines += ['| | |', '| --- | --- |'] + ['| %s | %s |' % kv for kv in machine]
        lines += ['', tab, '',
                  '"w2c spread" is (slowest / fastest - 1) of w2c\'s timed runs: where it is '
                  'large, the machine\'s load decided that kernel\'s ratio as much as the code.',
                  '', 'Worst: ' + ', '.join('%s %.2fx' % w for w in worst), '']
        if self.wrong or self.notes:
            lines += ['### Notes', ''] + ['- %s, %s: FAILED: %s' % (c, k, w)
                                          for (k, c), w in sorted(self.wrong.items())] \
                + ['- ' + n for n in self.notes] + ['']
        return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split('\n\n', 1)[1])
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--dataset', default='LARGE',
                    choices=['MINI', 'SMALL', 'MEDIUM', 'LARGE', 'EXTRALARGE'])
    ap.add_argument('--coremark-iterations', type=int, default=20000)
    ap.add_argument('--only', help='comma-separated kernels (and/or coremark)')
    ap.add_argument('--smoke', action='store_true',
                    help='CI: gemm at MINI size and a short CoreMark, 1 run, no RESULTS.md')
    ap.add_argument('--bench-dir', default=os.environ.get('W2C_BENCH_DIR', DEFAULT_BENCH))
    ap.add_argument('--w2c')
    ap.add_argument('--w2c-cflags', default='', help='more flags for w2c build (e.g. --w2c-cflags=-march=native)')
    ap.add_argument('--layout', default='-falign-loops=32')
    ap.add_argument('--cc', default='gcc')
    ap.add_argument('--sysroot', default='/usr')
    ap.add_argument('--work', default=os.path.join(B.HERE, 'work', 'polybench'))
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('--results', default=B.RESULTS)
    ap.add_argument('--no-results', action='store_true')
    a = ap.parse_args()
    a.argv = sys.argv[1:]
    if a.smoke:
        a.runs, a.dataset, a.coremark_iterations, a.no_results = 1, 'MINI', 20, True
        a.only = a.only or 'gemm,coremark'
    if not os.path.isdir(os.path.join(a.bench_dir, 'polybench')):
        print('polybench.py: SKIP: no PolyBench at %s (--bench-dir)' % a.bench_dir)
        return 77
    if not shutil.which('clang') or not os.path.isfile(os.path.join(
            a.sysroot, 'lib', 'wasm32-wasi', 'libc.a')):
        print('polybench.py: SKIP: no clang with wasi-libc')
        return 77
    s = Suite(a)
    if not s.w2c or B.w2c_build_problem(s.w2c):
        print('polybench.py: SKIP: %s' % (B.w2c_build_problem(s.w2c) or 'no w2c'))
        return 77
    s.all = kernels(s.pb)
    names = list(s.all) + ['coremark']
    if a.only:
        want = a.only.split(',')
        bad = [w for w in want if w not in names]
        if bad:
            sys.exit('polybench.py: no such kernel: %s' % ', '.join(bad))
        names = [n for n in names if n in want]
    start = time.perf_counter()
    machine = B.machine_info(a.cc, s.w2c)
    machine = [kv for kv in machine if kv[0] not in ('wasm2c', 'node')]
    try:
        for k in names:
            s.log('polybench.py: building %s' % k)
            s.build(k)
        for k in names:
            s.measure(k, a.runs)
    except Fail as e:
        print('polybench.py: %s' % e, file=sys.stderr)
        return 1
    machine.append(('load average at end', ' '.join(open('/proc/loadavg').read().split()[:3])))
    text = s.report(names, machine, time.perf_counter() - start)
    print(text)
    with open(os.path.join(s.work, 'results.json'), 'w') as f:
        json.dump({'machine': dict(machine), 'dataset': a.dataset, 'runs': a.runs,
                   'times': {'%s/%s' % kc: v for kc, v in s.times.items()},
                   'walls': {'%s/%s' % kc: v for kc, v in s.walls.items()},
                   'failed': {'%s/%s' % kc: v for kc, v in s.wrong.items()}}, f, indent=1)
    if not a.no_results:
        B.update_section(a.results, 'polybench', text, '# w2c benchmark results')
    return 1 if s.wrong else 0


if __name__ == '__main__':
    sys.exit(main())
