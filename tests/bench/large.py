#!/usr/bin/env python3
"""Translates (and compiles) large real-world wasm modules with w2c and wasm2c.

    tests/bench/large.py                    # everything: translation, gcc -O1 and -O2
    tests/bench/large.py --translate-only   # translation only: a few minutes
    tests/bench/large.py --only quickjs --opt O2

The modules come from npm packages, fetched with `npm pack` at pinned
versions on first use and cached under $XDG_CACHE_HOME/w2c-bench (default
~/.cache/w2c-bench); nothing is committed:

    quickjs   @jitl/quickjs-wasmfile-release-sync  dist/emscripten-module.wasm  (Emscripten, C)
    esbuild   esbuild-wasm                         esbuild.wasm                 (Go)
    ruby      @ruby/3.3-wasm-wasi                  dist/ruby.wasm               (wasi-sdk, C)

For each module and translator it reports the translation's wall time and
peak memory, the size of the generated C, and for each optimisation level
the wall time, CPU time and peak memory (of the largest single gcc) of
compiling all of that C to objects with gcc, --jobs files at a time.  The
compiles of the larger modules take many minutes to hours: --translate-only
skips them, --compile-timeout bounds each gcc, and --mem-limit-gb its
address space.  Results are rewritten into the "large" section of
RESULTS.md after every step, so an interrupted run keeps what it measured.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

MODULES = [
    # name, npm package, version, file in the tarball, what it is
    ('quickjs', '@jitl/quickjs-wasmfile-release-sync', '0.32.0',
     'package/dist/emscripten-module.wasm', 'QuickJS, Emscripten (C)'),
    ('esbuild', 'esbuild-wasm', '0.28.2', 'package/esbuild.wasm', 'esbuild, Go'),
    ('ruby', '@ruby/3.3-wasm-wasi', '2.10.1', 'package/dist/ruby.wasm',
     'CRuby 3.3, wasi-sdk (C), Asyncify'),
]
TRANSLATORS = ['w2c', 'wasm2c']
MODULE_ORDER = [m[0] for m in MODULES]


def cache_dir():
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'w2c-bench')


def fetch(name, pkg, version, member, cache):
    """The module's path in the cache, fetching the package if needed."""
    dest = os.path.join(cache, '%s-%s.wasm' % (name, version))
    if os.path.isfile(dest):
        return dest
    if not shutil.which('npm'):
        raise RuntimeError('npm is needed to fetch %s@%s' % (pkg, version))
    os.makedirs(cache, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        print('large.py: fetching %s@%s with npm pack' % (pkg, version), file=sys.stderr,
              flush=True)
        r = subprocess.run(['npm', 'pack', '%s@%s' % (pkg, version), '--silent',
                            '--pack-destination', tmp], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=1800)
        tgz = [f for f in os.listdir(tmp) if f.endswith('.tgz')]
        if r.returncode != 0 or not tgz:
            raise RuntimeError('npm pack %s@%s failed: %s' % (pkg, version,
                               r.stderr.decode('utf-8', 'replace').strip()[-300:]))
        with tarfile.open(os.path.join(tmp, tgz[0])) as tar:
            try:
                f = tar.extractfile(member)
            except KeyError:
                f = None
            if f is None:
                wasms = [m.name for m in tar.getmembers() if m.name.endswith('.wasm')]
                raise RuntimeError('%s@%s has no %s (it has: %s)'
                                   % (pkg, version, member, ', '.join(wasms) or 'no .wasm'))
            part = dest + '.part'
            with open(part, 'wb') as out:
                shutil.copyfileobj(f, out)
            os.replace(part, dest)
    return dest


class Large:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.w2c = B.find_w2c(args.w2c)
        self.w2c_inc = B.w2c_include(self.w2c)
        self.wabt_rt = B.wabt_rt_dir()
        self.res = {}       # (module, translator) -> dict
        self.wasm = {}      # module -> (path, size)
        self.notes = []
        self.machine = B.machine_info(args.cc, self.w2c)
        self.start = time.perf_counter()
        self.earlier = {}   # (module, translator) -> result of an earlier run, kept
        if args.keep or args.reuse:
            try:
                with open(os.path.join(self.work, 'large.json')) as f:
                    old = json.load(f)
                for k, v in old.get('results', {}).items():
                    self.earlier[tuple(k.split('/'))] = v
            except (OSError, ValueError):
                pass

    def log(self, msg):
        print('large.py: ' + msg, file=sys.stderr, flush=True)

    def translate(self, mod, tr, wasm):
        out = os.path.join(self.work, mod, tr)
        old = self.earlier.get((mod, tr))
        if (self.args.reuse and old and old.get('c_files') and old.get('dir') == out
                and all(os.path.isfile(os.path.join(out, f)) for f in old['c_files'])):
            # --reuse: the C and the translation's numbers from the earlier run
            self.res[(mod, tr)] = {k: v for k, v in old.items() if k != 'compile'}
            self.res[(mod, tr)]['compile'] = dict(old.get('compile', {}))
            self.earlier.pop((mod, tr))
            self.log('%s: %s: reusing the C translated %s' % (mod, tr, old.get('date', '?')))
            return
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        r = self.res[(mod, tr)] = {'dir': out, 'date': self.machine[0][1]}
        self.earlier.pop((mod, tr), None)
        if tr == 'w2c':
            if not self.w2c:
                r['error'] = 'w2c not found'
                return
            cmd = [self.w2c, wasm, '-o', os.path.join(out, mod + '.c'), '-n', mod]
            if self.args.w2c_split > 1:
                cmd += ['--split', str(self.args.w2c_split)]
        else:
            if not shutil.which('wasm2c'):
                r['error'] = 'wasm2c not installed'
                return
            cmd = ['wasm2c', wasm, '-n', mod, '-o', os.path.join(out, mod + '.c')]
        self.log('%s: translating with %s' % (mod, tr))
        m = B.measure(cmd, timeout=self.args.translate_timeout, rss=True,
                      mem_limit_bytes=self.mem_limit())
        r['translate_s'], r['translate_rss_kb'] = m.wall, m.maxrss_kb
        if not m.ok:
            r['error'] = 'translation failed: ' + m.why()
            self.log('%s: %s: %s' % (mod, tr, r['error']))
            return
        files = sorted(os.listdir(out))
        r['c_files'] = [f for f in files if f.endswith('.c')]
        r['c_bytes'] = sum(os.path.getsize(os.path.join(out, f)) for f in files
                           if f.endswith(('.c', '.h')))
        self.log('%s: %s: %.1f s, %s of C in %d file(s), peak %s'
                 % (mod, tr, m.wall, B.fmt_size(r['c_bytes']), len(r['c_files']),
                    B.fmt_mem(m.maxrss_kb)))

    def mem_limit(self):
        return int(self.args.mem_limit_gb * (1 << 30)) if self.args.mem_limit_gb else None

    def compile(self, mod, tr, opt):
        r = self.res[(mod, tr)]
        if 'error' in r or not r.get('c_files'):
            return
        inc = ['-I', self.w2c_inc] if tr == 'w2c' else ['-I', self.wabt_rt or '/usr/include']
        out = r['dir']
        cmds = [[self.args.cc, '-' + opt, '-c'] + inc + ['-I', out, os.path.join(out, f),
                '-o', os.path.join(out, f[:-2] + '.' + opt + '.o')] for f in r['c_files']]
        self.log('%s: %s: gcc -%s on %d file(s), %d at a time'
                 % (mod, tr, opt, len(cmds), self.args.jobs))
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(self.args.jobs) as pool:
            ms = list(pool.map(lambda c: B.measure(c, timeout=self.args.compile_timeout,
                                                    rss=True, mem_limit_bytes=self.mem_limit()),
                               cmds))
        c = r.setdefault('compile', {})[opt] = {
            'wall_s': time.perf_counter() - start,
            'cpu_s': sum(m.cpu for m in ms),
            'max_rss_kb': max(m.maxrss_kb for m in ms),
        }
        bad = [m for m in ms if not m.ok]
        if bad:
            c['error'] = '%d of %d failed: %s' % (len(bad), len(ms), bad[0].why())
        self.log('%s: %s: -%s %s in %.0f s (CPU %.0f s), peak %s'
                 % (mod, tr, opt, 'FAILED: ' + c['error'] if bad else 'done', c['wall_s'],
                    c['cpu_s'], B.fmt_mem(c['max_rss_kb'])))
        for f in r['c_files']:   # the objects are not needed; they can be large
            try:
                os.unlink(os.path.join(out, f[:-2] + '.' + opt + '.o'))
            except FileNotFoundError:
                pass

    def table(self, mods, trs, opts):
        header = ['module', 'wasm', 'translator', 'translate', 'peak mem', 'C']
        for o in opts:
            header += ['gcc -%s' % o, 'CPU', 'peak mem']
        rows = []
        for mod in mods:
            for tr in trs:
                r = self.res.get((mod, tr))
                if r is None:
                    continue
                size = self.wasm[mod][1] if mod in self.wasm else r.get('wasm_bytes')
                row = [mod, B.fmt_size(size), tr + (' *' if r.get('earlier') else '')]
                if 'translate_s' in r:
                    row += ['%.1f s' % r['translate_s'], B.fmt_mem(r['translate_rss_kb'])]
                else:
                    row += ['-', '-']
                row.append(B.fmt_size(r.get('c_bytes')) + (' (%d files)' % len(r['c_files'])
                           if len(r.get('c_files', [])) > 1 else ''))
                for o in opts:
                    c = r.get('compile', {}).get(o)
                    if 'error' in r and 'c_bytes' not in r:
                        row += ['FAILED' if o == opts[0] else '', '', '']
                    elif c is None:
                        row += ['not run', '', '']
                    elif 'error' in c:
                        row += ['FAILED after %.0f s' % c['wall_s'], '%.0f s' % c['cpu_s'],
                                B.fmt_mem(c['max_rss_kb'])]
                    else:
                        row += ['%.1f s' % c['wall_s'], '%.0f s' % c['cpu_s'],
                                B.fmt_mem(c['max_rss_kb'])]
                rows.append(row)
        return B.md_table(header, rows, 'lrl' + 'r' * (len(header) - 3))

    def report(self, mods, trs, opts, done):
        a = self.args
        # earlier rows (--keep) for modules and translators not measured now
        shown = dict(self.res)
        for k, v in self.earlier.items():
            if k not in shown:
                shown[k] = dict(v, earlier=True)
        saved, self.res = self.res, shown
        try:
            return self._report(sorted({m for m, _ in shown}, key=MODULE_ORDER.index),
                                [t for t in TRANSLATORS if any(t == x for _, x in shown)],
                                sorted({o for r in shown.values() for o in r.get('compile', {})}
                                       | set(opts)), done)
        finally:
            self.res = saved

    def _report(self, mods, trs, opts, done):
        a = self.args
        elapsed = time.perf_counter() - self.start
        lines = ['## Large modules', '',
                 'Made by `tests/bench/large.py%s`%s, in %.1f minutes. Translation: wall time '
                 'and peak resident memory of the translator. C: the generated .c and .h. '
                 'gcc: wall time to compile all of that C to objects (`-c`, %d at a time), '
                 'total CPU time, and the peak memory of the largest single gcc. '
                 'w2c writes %d C files per module (`--split %d`); wasm2c 1.0.32 one.'
                 % (' ' + ' '.join(a.argv) if a.argv else '',
                    '' if done else ' (**still running or interrupted**)', elapsed / 60,
                    a.jobs, a.w2c_split, a.w2c_split), '']
        lines += ['| module | package | what |', '| --- | --- | --- |']
        lines += ['| %s | %s@%s `%s` | %s |' % (n, p, v, f[len('package/'):], w)
                  for n, p, v, f, w in MODULES if n in mods]
        lines += ['', '| | |', '| --- | --- |'] + ['| %s | %s |' % kv for kv in self.machine]
        lines += ['', self.table(mods, trs, opts), '']
        notes = list(self.notes)
        dates = sorted({r['date'] for r in self.res.values() if r.get('earlier') and 'date' in r})
        if dates:
            notes.append('rows marked * are from an earlier run (%s), kept by --keep'
                         % ', '.join(dates))
        for (mod, tr), r in sorted(self.res.items()):
            if 'error' in r:
                notes.append('%s, %s: %s' % (mod, tr, r['error']))
            for o, c in sorted(r.get('compile', {}).items()):
                if 'error' in c:
                    notes.append('%s, %s, gcc -%s: %s' % (mod, tr, o, c['error']))
        if notes:
            lines += ['Notes:', ''] + ['- ' + n for n in notes] + ['']
        return '\n'.join(lines)

    def save(self, mods, trs, opts, done=False):
        text = self.report(mods, trs, opts, done)
        os.makedirs(self.work, exist_ok=True)
        with open(os.path.join(self.work, 'large.json'), 'w') as f:
            res = dict(self.earlier)
            res.update(self.res)
            for (mod, _), r in res.items():
                if mod in self.wasm:
                    r['wasm_bytes'] = self.wasm[mod][1]
            json.dump({'machine': dict(self.machine),
                       'results': {'%s/%s' % k: v for k, v in res.items()}}, f, indent=1)
        if not self.args.no_results:
            B.update_section(self.args.results, 'large', text, RESULTS_TITLE)
        return text


RESULTS_TITLE = '''# w2c benchmark results

Written by `tests/bench/run.py` (the benchmark programs) and
`tests/bench/large.py` (large real-world modules); see tests/bench/README.md.
Each script rewrites only its own section.'''


def main():
    names = [m[0] for m in MODULES]
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split('\n\n', 1)[1])
    ap.add_argument('--only', help='comma-separated, from ' + ','.join(names))
    ap.add_argument('--translators', default=','.join(TRANSLATORS))
    ap.add_argument('--translate-only', action='store_true', help='no gcc runs')
    ap.add_argument('--opt', default='O1,O2', help='gcc levels to measure (O1,O2)')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2,
                    help='gcc processes at a time when there are several files (cores)')
    ap.add_argument('--cc', default='gcc')
    ap.add_argument('--w2c-split', type=int, default=16,
                    help='w2c --split: C files per module (16; wasm2c 1.0.32 writes one)')
    ap.add_argument('--w2c', help='the w2c executable (default: build/w2c, else PATH)')
    ap.add_argument('--translate-timeout', type=float, default=3600)
    ap.add_argument('--compile-timeout', type=float, default=4 * 3600,
                    help='seconds per gcc process (14400)')
    ap.add_argument('--mem-limit-gb', type=float, default=20,
                    help='address-space limit per translator or gcc process (20; 0: none)')
    ap.add_argument('--cache', default=cache_dir(), help='where modules are kept')
    ap.add_argument('--work', default=os.path.join(B.HERE, 'work', 'large'))
    ap.add_argument('--results', default=B.RESULTS)
    ap.add_argument('--no-results', action='store_true')
    ap.add_argument('--reuse', action='store_true',
                    help='with --keep: compile the C an earlier run translated, if it is '
                         'still in the work directory, instead of translating again')
    ap.add_argument('--keep', action='store_true',
                    help='keep (marked) results of an earlier run for the modules and '
                         'translators not measured now, e.g. after --only')
    args = ap.parse_args()
    args.argv = sys.argv[1:]
    mods = args.only.split(',') if args.only else names
    if any(m not in names for m in mods):
        sys.exit('large.py: modules are %s' % ', '.join(names))
    trs = [t for t in args.translators.split(',')]
    if any(t not in TRANSLATORS for t in trs):
        sys.exit('large.py: translators are %s' % ', '.join(TRANSLATORS))
    opts = [] if args.translate_only else [o.strip().lstrip('-') for o in args.opt.split(',')]

    L = Large(args)
    for n, _, ver, _, _ in MODULES:   # sizes of cached modules, for --keep rows
        path = os.path.join(args.cache, '%s-%s.wasm' % (n, ver))
        if os.path.isfile(path):
            L.wasm[n] = (path, os.path.getsize(path))
    for n, pkg, ver, member, _ in MODULES:
        if n in mods:
            try:
                path = fetch(n, pkg, ver, member, args.cache)
            except (RuntimeError, OSError, subprocess.TimeoutExpired, tarfile.TarError) as e:
                sys.exit('large.py: %s' % e)
            L.wasm[n] = (path, os.path.getsize(path))
    for mod in mods:
        for tr in trs:
            L.translate(mod, tr, L.wasm[mod][0])
            L.save(mods, trs, opts)
    # smallest modules first, so a long run has the cheap answers early
    for mod in sorted(mods, key=lambda m: L.wasm[m][1]):
        for opt in opts:
            for tr in trs:
                L.compile(mod, tr, opt)
                L.save(mods, trs, opts)
    print(L.save(mods, trs, opts, done=True))
    return 0


if __name__ == '__main__':
    sys.exit(main())
