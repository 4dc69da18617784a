#!/usr/bin/env python3
"""Runs w2c's benchmark suite and writes tests/bench/RESULTS.md.

    tests/bench/run.py              # every program, 5 timed runs each
    tests/bench/run.py --quick      # 3 runs at 25% size: a few minutes
    tests/bench/run.py --only integer,calls --runs 9 --contenders native,w2c

Each program in programs/ is built natively (gcc -O2) and to wasm32-wasi
(clang -O2 plus the program's own `wasm-cflags:`), and the module is made
into a program by each contender:

    native  the same C compiled by gcc -O2: the baseline
    w2c     `w2c build` (gcc -O2, guard pages, the w2c WASI library)
    wasm2c  wabt's wasm2c, gcc -O2, wasm-rt-impl.c and wasm2c_wasi.c
    node    node:wasi (V8), through node_wasi.mjs
    w2c-base  `w2c build` with another w2c (--base-w2c, e.g. the previous
            commit's build tree): a same-run check that a change of w2c's
            doesn't slow programs down

Every gcc command also gets --layout (-falign-loops=32), so that where a
small hot loop lands against 64-byte lines is the same luck on every side.

Then, program by program, it runs every contender once to check its output
against the native one, and N more times taking turns (the order rotates
each round), and reports median wall times, their ratios to native, and the
geometric mean of the ratios.  A contender that can't build a program
(e.g. a translator rejecting SIMD) is skipped there with a note; one whose
output differs or that fails is reported and left out of the means.

For w2c and wasm2c it also reports, per program, the translation time, the
size of the generated C (.c and .h) and the time gcc -O2 takes to compile
that C to an object (the module alone, not the runtime).
"""

import argparse
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

PROGRAMS = os.path.join(B.HERE, 'programs')
ALL_CONTENDERS = ['native', 'w2c', 'w2c-base', 'wasm2c', 'node']


class Skip(Exception):
    """A contender can't run a program: why, in one line."""


def program_meta(path):
    """The header comment's `wasm-cflags:` and `optional:` lines."""
    meta = {'wasm_cflags': [], 'optional': None}
    with open(path) as f:
        head = f.read(4000)
    head = head[:head.find('*/')]
    for line in head.splitlines():
        line = line.strip().lstrip('*').strip()
        if line.startswith('wasm-cflags:'):
            meta['wasm_cflags'] = line.split(':', 1)[1].split()
        elif line.startswith('optional:'):
            meta['optional'] = line.split(':', 1)[1].strip()
    return meta


def list_programs(only):
    names = sorted(f[:-2] for f in os.listdir(PROGRAMS) if f.endswith('.c'))
    if only:
        want = only.split(',')
        unknown = [w for w in want if w not in names]
        if unknown:
            sys.exit('run.py: no such program: %s (have: %s)' % (', '.join(unknown),
                                                                 ', '.join(names)))
        names = [n for n in names if n in want]
    return names


def check(m, what):
    if not m.ok:
        raise Skip('%s failed: %s' % (what, m.why()))
    return m


def c_size(d, stem):
    return sum(os.path.getsize(os.path.join(d, stem + ext)) for ext in ('.c', '.h')
               if os.path.exists(os.path.join(d, stem + ext)))


class Suite:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.cc = args.cc
        self.w2c = B.find_w2c(args.w2c)
        self.w2c_inc = B.w2c_include(self.w2c)
        self.wabt_rt = B.wabt_rt_dir()
        self.node = shutil.which('node')
        self.layout = args.layout.split()
        self.w2c_cflags = args.w2c_cflags.split() + self.layout
        self.notes = []          # lines for the report
        self.build = {}          # (prog, contender) -> dict of build metrics
        self.cmds = {}           # (prog, contender) -> command list
        self.skips = {}          # (prog, contender) -> reason
        self.times = {}          # (prog, contender) -> [Measured]
        self.expected = {}       # prog -> native stdout
        self.wrong = {}          # (prog, contender) -> reason
        self.crashes = {}        # (prog, contender) -> [reason] of runs retried

    # --- building -------------------------------------------------------

    def log(self, *a):
        print(*a, file=sys.stderr, flush=True)

    def build_all(self, progs, contenders):
        os.makedirs(self.work, exist_ok=True)
        if 'w2c' in contenders:
            problem = B.w2c_build_problem(self.w2c)
            if problem:
                self.notes.append('**w2c: %s.** Translation and compile times are still '
                                  'measured where w2c itself is there; rerun when it is.'
                                  % problem)
                self.log('run.py: NOTE: ' + problem)
        if 'wasm2c' in contenders:
            if not shutil.which('wasm2c') or not self.wabt_rt:
                self.notes.append('wasm2c: not installed (Debian package wabt).')
            else:
                self.build_wasm2c_runtime()
        if 'node' in contenders and not self.node:
            self.notes.append('node: not installed.')
        for p in progs:
            self.log('run.py: building %s' % p)
            self.build_program(p, contenders)

    def build_program(self, p, contenders):
        src = os.path.join(PROGRAMS, p + '.c')
        d = os.path.join(self.work, p)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        meta = program_meta(src)
        wasm = os.path.join(d, p + '.wasm')
        native = os.path.join(d, p + '.native')
        m = B.measure([self.cc, '-O2'] + self.layout + ['-I', PROGRAMS, src, '-o', native,
                                                           '-lm'])
        if not m.ok:
            sys.exit('run.py: %s: native build failed: %s\n%s' % (p, m.why(), m.err.decode()))
        self.cmds[(p, 'native')] = [native]
        m = B.measure(['clang', '--target=wasm32-wasi', '--sysroot=' + self.args.sysroot, '-O2']
                      + meta['wasm_cflags'] + ['-I', PROGRAMS, src, '-o', wasm, '-lm'])
        if not m.ok:
            sys.exit('run.py: %s: wasm build failed: %s\n%s' % (p, m.why(), m.err.decode()))
        self.build[(p, 'wasm')] = {'wasm_bytes': os.path.getsize(wasm),
                                   'flags': ' '.join(['-O2'] + meta['wasm_cflags'])}
        for c in contenders:
            if c == 'native':
                continue
            try:
                getattr(self, 'make_' + c.replace('-', '_'))(p, d, wasm)
            except Skip as e:
                reason = str(e)
                if meta['optional']:
                    reason += ' (optional: %s)' % meta['optional']
                self.skips[(p, c)] = reason
                self.log('run.py:   %s: skipped: %s' % (c, reason))

    def make_w2c_base(self, p, d, wasm):
        if not self.args.base_w2c:
            raise Skip('no --base-w2c given')
        self.make_w2c(p, d, wasm, 'w2c-base', os.path.abspath(self.args.base_w2c))

    def make_w2c(self, p, d, wasm, name='w2c', w2c=None):
        w2c = w2c or self.w2c
        if not w2c:
            raise Skip('w2c not found')
        out = os.path.join(d, name)
        os.makedirs(out)
        info = self.build.setdefault((p, name), {})
        tr = [B.measure([w2c, wasm, '-o', os.path.join(out, 'prog.c'), '-n', 'prog'],
                        rss=True) for _ in range(3)]
        check(tr[0], 'w2c translation')
        info['translate_s'] = B.median([m.wall for m in tr])
        info['translate_rss_kb'] = max(m.maxrss_kb for m in tr)
        info['c_bytes'] = c_size(out, 'prog')
        m = check(B.measure([self.cc] + self.w2c_cflags + ['-c', '-I', B.w2c_include(w2c),
                             '-I', out,
                             os.path.join(out, 'prog.c'), '-o', os.path.join(out, 'prog.o')],
                            rss=True), 'compiling the w2c output')
        info['compile_s'] = m.wall
        info['compile_rss_kb'] = m.maxrss_kb
        exe = os.path.join(out, p)
        problem = B.w2c_build_problem(w2c)
        if not problem:
            m = B.measure([w2c, 'build', wasm, '-o', exe, '--cc', self.cc,
                           '--cflags', ' '.join(self.w2c_cflags)])
            info['build_s'] = m.wall
            if not m.ok:
                problem = 'w2c build failed: ' + m.why()
        if problem and self.args.w2c_manual and name == 'w2c':
            self.w2c_by_hand(p, out, exe, problem)
        elif problem:
            raise Skip(problem)
        self.cmds[(p, name)] = [exe]

    def w2c_by_hand(self, p, out, exe, problem):
        """--w2c-manual: what `w2c build` does, done here from the C already
        translated: w2c/program/main.c behind the same prelude, linked with
        the build tree's runtime and WASI libraries."""
        libdir = os.path.dirname(self.w2c)
        libs = [os.path.join(libdir, 'rt', 'wasi', 'libw2c-wasi.a'),
                os.path.join(libdir, 'libw2c-rt.a')]
        template = os.path.join(B.REPO, 'w2c', 'program', 'main.c')
        missing = [f for f in libs + [template] if not os.path.isfile(f)]
        if missing:
            raise Skip('%s; no %s to build by hand' % (problem, ', '.join(missing)))
        with open(template) as f:
            body = f.read()
        with open(os.path.join(out, 'main.c'), 'w') as f:
            f.write('#include "prog.h"\n#define W2C_PROGRAM_MODULE w2c_prog_module\n'
                    '#define W2C_PROGRAM_OPTIONS 0\n'
                    'static const char *const program_dirs[] = { NULL };\n'
                    'static const char *const program_env[] = { NULL };\n'
                    'static const char program_name[] = "%s.wasm";\n\n' % p + body)
        check(B.measure([self.cc] + self.w2c_cflags + ['-I', self.w2c_inc, '-I', out,
                         os.path.join(out, 'prog.o'), os.path.join(out, 'main.c')] + libs
                        + ['-lpthread', '-lm', '-o', exe]), 'building the w2c program by hand')
        note = ('w2c: `w2c build` did not work, so the w2c programs were built by hand '
                '(--w2c-manual) the way it does; first reason: %s' % problem)
        if not any(n.startswith('w2c: `w2c build` did not work') for n in self.notes):
            self.notes.append(note)

    def build_wasm2c_runtime(self):
        """wasm-rt-impl.c once, at -O2, for every program."""
        d = os.path.join(self.work, 'wasm2c-rt')
        os.makedirs(d, exist_ok=True)
        self.wasm2c_rt_obj = os.path.join(d, 'wasm-rt-impl.o')
        m = B.measure([self.cc, '-O2', '-c'] + self.layout + ['-I', self.wabt_rt,
                       os.path.join(self.wabt_rt, 'wasm-rt-impl.c'), '-o', self.wasm2c_rt_obj])
        if not m.ok:
            self.notes.append('wasm2c: its runtime does not compile: ' + m.why())
            self.wabt_rt = None

    def make_wasm2c(self, p, d, wasm):
        if not shutil.which('wasm2c') or not self.wabt_rt:
            raise Skip('wasm2c not available')
        out = os.path.join(d, 'wasm2c')
        os.makedirs(out)
        info = self.build.setdefault((p, 'wasm2c'), {})
        tr = [B.measure(['wasm2c', wasm, '-n', 'prog', '-o', os.path.join(out, 'prog.c')],
                        rss=True) for _ in range(3)]
        if not tr[0].ok:
            msg = (tr[0].err + tr[0].out).decode('utf-8', 'replace').strip().splitlines()
            raise Skip('wasm2c fails on the module (%s%s)'
                       % (tr[0].why().split(':')[0], ': ' + msg[0] if msg else ', no message'))
        info['translate_s'] = B.median([m.wall for m in tr])
        info['translate_rss_kb'] = max(m.maxrss_kb for m in tr)
        info['c_bytes'] = c_size(out, 'prog')
        cc = [self.cc, '-O2'] + self.layout + ['-I', out, '-I', self.wabt_rt]
        m = check(B.measure(cc + ['-c', os.path.join(out, 'prog.c'),
                                  '-o', os.path.join(out, 'prog.o')], rss=True),
                  'gcc -O2 on wasm2c output')
        info['compile_s'] = m.wall
        info['compile_rss_kb'] = m.maxrss_kb
        exe = os.path.join(out, p)
        check(B.measure(cc + [os.path.join(B.HERE, 'wasm2c_wasi.c'),
                              os.path.join(out, 'prog.o'), self.wasm2c_rt_obj, '-o', exe, '-lm']),
              'linking the wasm2c program')
        self.cmds[(p, 'wasm2c')] = [exe]

    def make_node(self, p, d, wasm):
        if not self.node:
            raise Skip('node not installed')
        # --single-threaded-gc: with concurrent marking, node 20.20 segfaults
        # at exit after a run of memory.wasm most times on the machine in
        # RESULTS.md; the GC does not touch wasm code or linear memory.
        self.cmds[(p, 'node')] = [self.node, '--no-warnings', '--single-threaded-gc',
                                  os.path.join(B.HERE, 'node_wasi.mjs'), wasm]

    # --- running --------------------------------------------------------

    def run_once(self, p, c):
        env = dict(os.environ)
        env.pop('W2C_BENCH_SCALE', None)
        return B.measure(self.cmds[(p, c)] + [str(self.args.scale)],
                         cwd=os.path.join(self.work, p), env=env, timeout=self.args.timeout)

    def verify(self, p, c, m):
        """True if the run is good; else records why and returns False."""
        if not m.ok:
            self.wrong[(p, c)] = m.why()
        elif c != 'native' and m.out != self.expected[p]:
            got = m.out.decode('utf-8', 'replace').strip().splitlines()
            self.wrong[(p, c)] = 'output differs from native: %r' % (got[:1],)
        else:
            return True
        self.log('run.py:   %s: %s' % (c, self.wrong[(p, c)]))
        return False

    def run_checked(self, p, c):
        """One run, retried up to twice if it crashes (not if its output is
        wrong): crashes are counted and reported, and only a contender that
        fails three times in a row is given up on."""
        for attempt in range(3):
            m = self.run_once(p, c)
            if m.ok or c == 'native':
                return m
            self.crashes.setdefault((p, c), []).append(m.why())
            self.log('run.py:   %s: run failed (%s)%s' % (c, m.why(),
                     ', retrying' if attempt < 2 else ''))
        return m

    def run_program(self, p, contenders):
        live = [c for c in contenders if (p, c) in self.cmds]
        # a first, untimed round: warms the caches and checks every output
        m = self.run_once(p, 'native')
        if not m.ok:
            sys.exit('run.py: %s: the native program failed: %s' % (p, m.why()))
        self.expected[p] = m.out
        live = ['native'] + [c for c in live
                            if c != 'native' and self.verify(p, c, self.run_checked(p, c))]
        for c in live:
            self.times[(p, c)] = []
        for r in range(self.args.runs):
            order = live[r % len(live):] + live[:r % len(live)]
            for c in order:
                if (p, c) in self.wrong:
                    continue
                m = self.run_checked(p, c)
                if c == 'native' and m.ok and m.out != self.expected[p]:
                    sys.exit('run.py: %s: the native output changed between runs' % p)
                if self.verify(p, c, m):
                    self.times[(p, c)].append(m)
        line = '  '.join('%s %s' % (c, B.fmt_s(self.med(p, c))) for c in live
                         if (p, c) not in self.wrong)
        self.log('run.py: %-12s %s' % (p, line))

    def med(self, p, c, what='wall'):
        ms = self.times.get((p, c))
        if not ms or (p, c) in self.wrong:
            return None
        return B.median([getattr(m, what) for m in ms])

    # --- reporting ------------------------------------------------------

    def speed_table(self, progs, contenders, what='wall'):
        header = ['program'] + ['native (s)' if c == 'native' else c for c in contenders]
        rows, ratios = [], {c: [] for c in contenders}
        for p in progs:
            base = self.med(p, 'native', what)
            row = [p]
            for c in contenders:
                t = self.med(p, c, what)
                if c == 'native':
                    row.append(B.fmt_s(t))
                elif t is not None and base:
                    ratios[c].append((p, t / base))
                    row.append('%s (%.2fx)' % (B.fmt_s(t), t / base))
                elif (p, c) in self.wrong:
                    row.append('FAILED')
                elif (p, c) in self.skips:
                    row.append('skipped')
                else:
                    row.append('-')
            rows.append(row)
        # geometric means: over each contender's own programs, and over the
        # programs every contender ran, which compare like with like
        common = [p for p in progs if all(self.med(p, c, what) is not None for c in contenders)]
        g_own = ['geomean (own)', '1.00']
        g_common = ['geomean (common %d)' % len(common), '1.00']
        for c in contenders[1:]:
            rs = [r for _, r in ratios[c]]
            g_own.append('%.2fx (%d)' % (B.geomean(rs), len(rs)) if rs else '-')
            rc = [r for q, r in ratios[c] if q in common]
            g_common.append('%.2fx' % B.geomean(rc) if rc else '-')
        rows.append(g_own)
        if len(common) != len(progs) and common:
            rows.append(g_common)
        return B.md_table(header, rows)

    def build_table(self, progs, contenders):
        tcs = [c for c in ('w2c', 'w2c-base', 'wasm2c') if c in contenders]
        header = ['program', 'wasm']
        for c in tcs:
            header += ['%s translate (ms)' % c, '%s C' % c, '%s compile (s)' % c]
        rows = []
        for p in progs:
            row = [p, B.fmt_size(self.build.get((p, 'wasm'), {}).get('wasm_bytes'))]
            for c in tcs:
                i = self.build.get((p, c), {})
                row += ['%.0f' % (i['translate_s'] * 1000) if 'translate_s' in i else '-',
                        B.fmt_size(i.get('c_bytes')),
                        B.fmt_s(i.get('compile_s'))]
            rows.append(row)
        return B.md_table(header, rows)

    def report(self, progs, contenders, machine, elapsed):
        a = self.args
        lines = ['## Benchmark programs', '',
                 'Made by `tests/bench/run.py%s` in %.1f minutes: %d timed runs per '
                 'program and contender (after one untimed, checked run), scale %d%%.'
                 % (' ' + ' '.join(a.argv) if a.argv else '', elapsed / 60, a.runs, a.scale),
                 '', 'Code placement: %s on every contender\'s gcc command (see README.md).'
                 % ('`%s`' % ' '.join(self.layout) if self.layout else 'no flags (plain `-O2`)'),
                 '']
        lines += ['| | |', '| --- | --- |'] + ['| %s | %s |' % kv for kv in machine]
        lines += ['', '### Run time', '',
                  'Median wall time of the whole process in seconds (start-up, '
                  'instantiation and, for node, compilation included), and its ratio '
                  'to native: lower is better.', '',
                  self.speed_table(progs, contenders), '',
                  'The same in CPU time (user + system), which other load on the '
                  'machine disturbs less:', '',
                  self.speed_table(progs, contenders, 'cpu'), '']
        if any(c in contenders for c in ('w2c', 'w2c-base', 'wasm2c')):
            lines += ['### Translation', '',
                      'Translation time (median of 3), generated C (.c + .h), and the time '
                      '`%s %s -c` takes to compile that C (the module alone, not the '
                      'runtime; wasm2c: `%s`).' % (self.cc, ' '.join(self.w2c_cflags),
                                                    ' '.join(['-O2'] + self.layout)), '',
                      self.build_table(progs, contenders), '']
        notes = list(self.notes)
        grouped = {}   # one note per contender and reason, naming the programs
        for (p, c), why in sorted(self.skips.items()):
            if not why.startswith('w2c build unavailable'):   # already a note
                grouped.setdefault((c, 'skipped', why), []).append(p)
        for (p, c), why in sorted(self.wrong.items()):
            grouped.setdefault((c, '**FAILED**', why), []).append(p)
        for (p, c), whys in sorted(self.crashes.items()):
            if (p, c) not in self.wrong:
                notes.append('%s, %s: %d run(s) failed and were retried: %s'
                             % (c, p, len(whys), '; '.join(sorted(set(whys)))))
        for (c, what, why), ps in sorted(grouped.items()):
            notes.append('%s, %s: %s: %s' % (c, ', '.join(ps), what, why))
        if notes:
            lines += ['### Notes', ''] + ['- ' + n for n in notes] + ['']
        return '\n'.join(lines)

    def dump_json(self, path, progs, contenders, machine):
        data = {'machine': dict(machine), 'scale': self.args.scale, 'runs': self.args.runs,
                'programs': {}}
        for p in progs:
            e = data['programs'][p] = {'wasm': self.build.get((p, 'wasm'))}
            for c in contenders:
                e[c] = {'build': self.build.get((p, c)),
                        'skipped': self.skips.get((p, c)),
                        'failed': self.wrong.get((p, c)),
                        'retried': self.crashes.get((p, c)),
                        'wall': [m.wall for m in self.times.get((p, c), [])],
                        'cpu': [m.cpu for m in self.times.get((p, c), [])],
                        'maxrss_kb': [m.maxrss_kb for m in self.times.get((p, c), [])]}
        with open(path, 'w') as f:
            json.dump(data, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split('\n\n', 1)[1] + '\nPrograms: '
                                 + ', '.join(list_programs(None)))
    ap.add_argument('--runs', type=int, help='timed runs per program and contender (5)')
    ap.add_argument('--scale', type=int, help='work per program in percent (100: ~1 s native)')
    ap.add_argument('--quick', action='store_true', help='3 runs at 25%% scale')
    ap.add_argument('--only', help='comma-separated programs')
    ap.add_argument('--contenders', default=','.join(ALL_CONTENDERS),
                    help='comma-separated, from %s' % ','.join(ALL_CONTENDERS))
    ap.add_argument('--w2c', help='the w2c executable (default: build/w2c, else PATH)')
    ap.add_argument('--base-w2c', help='another w2c executable: adds the contender w2c-base')
    ap.add_argument('--w2c-manual', action='store_true',
                    help='if `w2c build` fails, link the w2c program by hand as it would')
    ap.add_argument('--w2c-cflags', default='-O2',
                    help='flags for compiling w2c output (-O2; e.g. "-O2 -mssse3")')
    ap.add_argument('--layout', default='-falign-loops=32',
                    help='code-placement flags for every contender\'s C compiler '
                    '(-falign-loops=32; "" for none): see the README')
    ap.add_argument('--cc', default='gcc', help='C compiler for native, w2c and wasm2c (gcc)')
    ap.add_argument('--sysroot', default='/usr', help='wasi-libc sysroot for clang (/usr)')
    ap.add_argument('--work', default=os.path.join(B.HERE, 'work'),
                    help='build directory (tests/bench/work)')
    ap.add_argument('--timeout', type=float, default=300, help='seconds per run (300)')
    ap.add_argument('--results', default=B.RESULTS,
                    help='Markdown file whose "programs" section is rewritten (RESULTS.md)')
    ap.add_argument('--no-results', action='store_true', help='print only; write no file')
    args = ap.parse_args()
    args.argv = sys.argv[1:]
    if args.runs is None:
        args.runs = 3 if args.quick else 5
    if args.scale is None:
        args.scale = 25 if args.quick else 100
    contenders = args.contenders.split(',')
    if args.base_w2c and 'w2c-base' not in contenders:
        contenders.append('w2c-base')
    if not args.base_w2c and 'w2c-base' in contenders:
        contenders.remove('w2c-base')  # (the default list names it: no column of "skipped")
    bad = [c for c in contenders if c not in ALL_CONTENDERS]
    if bad:
        sys.exit('run.py: unknown contender %s' % ', '.join(bad))
    contenders = ['native'] + [c for c in ALL_CONTENDERS[1:] if c in contenders]
    progs = list_programs(args.only)

    import time
    start = time.perf_counter()
    machine = B.machine_info(args.cc, B.find_w2c(args.w2c))
    suite = Suite(args)
    suite.build_all(progs, contenders)
    for p in progs:
        suite.run_program(p, contenders)
    elapsed = time.perf_counter() - start
    machine.append(('load average at end', ' '.join(open('/proc/loadavg').read().split()[:3])))
    text = suite.report(progs, contenders, machine, elapsed)
    print(text)
    suite.dump_json(os.path.join(suite.work, 'results.json'), progs, contenders, machine)
    if not args.no_results:
        B.update_section(args.results, 'programs', text, RESULTS_TITLE)
        print('\nrun.py: wrote %s (raw data: %s)' % (os.path.relpath(args.results),
              os.path.relpath(os.path.join(suite.work, 'results.json'))), file=sys.stderr)
    w2c_build_failed = [p for (p, c), why in suite.skips.items()
                        if c == 'w2c' and why.startswith('w2c build failed')]
    if w2c_build_failed:
        print('run.py: `w2c build` failed for %d program(s) (see Notes); --w2c-manual builds '
              'them by hand the way it does' % len(w2c_build_failed), file=sys.stderr)
    failed = [k for k in suite.wrong]
    return 1 if failed else 0


RESULTS_TITLE = '''# w2c benchmark results

Written by `tests/bench/run.py` (the benchmark programs) and
`tests/bench/large.py` (large real-world modules); see tests/bench/README.md.
Each script rewrites only its own section.'''

if __name__ == '__main__':
    sys.exit(main())
