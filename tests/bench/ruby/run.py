#!/usr/bin/env python3
"""Runs CRuby 3.3 (ruby.wasm, a WASI reactor) translated by w2c, as a native program.

    tests/bench/ruby/run.py                  # fetch, translate, split, compile, run, check
    tests/bench/ruby/run.py --cflags=-O1     # slower to build, faster to run
    tests/bench/ruby/run.py --build build    # another meson build directory

ruby.wasm comes from the npm package @ruby/3.3-wasm-wasi 2.10.1
(dist/ruby.wasm, 16 MB), cached as $XDG_CACHE_HOME/w2c-bench/ruby-2.10.1.wasm
(the same file large.py uses) and fetched with `npm pack` when missing.

ruby.wasm's C is 120 MB: `w2c --split` spreads it over --parts files,
compiled --jobs at a time, and a rerun recompiles only the parts whose
text changed.  driver.c (beside this script) instantiates the module
with WASI and trapping stubs for the JS host imports, calls ruby-init and
evaluates a few scripts; its stdout must equal expected.txt line for line.

Everything generated lives under --work (default tests/bench/ruby/work,
ignored by git).  The last line is "ruby: N passed, N failed"; the exit
status is 0 only if nothing failed.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
PKG, VERSION, MEMBER = '@ruby/3.3-wasm-wasi', '2.10.1', 'package/dist/ruby.wasm'


def log(*a):
    print('ruby:', *a, file=sys.stderr, flush=True)


def cache_dir():
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'w2c-bench')


def fetch_wasm():
    """The cached ruby.wasm, fetched with npm pack on first use."""
    dest = os.path.join(cache_dir(), 'ruby-%s.wasm' % VERSION)
    if os.path.isfile(dest):
        return dest
    if not shutil.which('npm'):
        raise RuntimeError('%s is missing and npm is not installed to fetch %s@%s'
                           % (dest, PKG, VERSION))
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=os.path.dirname(dest)) as tmp:
        log('fetching %s@%s with npm pack' % (PKG, VERSION))
        r = subprocess.run(['npm', 'pack', '%s@%s' % (PKG, VERSION), '--silent',
                            '--pack-destination', tmp], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=1800)
        tgz = [f for f in os.listdir(tmp) if f.endswith('.tgz')]
        if r.returncode != 0 or not tgz:
            raise RuntimeError('npm pack failed: %s'
                               % r.stderr.decode('utf-8', 'replace').strip()[-300:])
        with tarfile.open(os.path.join(tmp, tgz[0])) as tar:
            f = tar.extractfile(MEMBER)
            part = dest + '.part'
            with open(part, 'wb') as out:
                shutil.copyfileobj(f, out)
            os.replace(part, dest)
    return dest


def find_build(explicit):
    """The meson build directory holding w2c, libw2c-rt.a and libw2c-wasi.a."""
    cands = [explicit] if explicit else [os.environ.get('W2C_BUILD'),
                                         os.path.join(REPO, 'build'),
                                         os.path.join(REPO, '_build', 'test')]
    for d in filter(None, cands):
        if all(os.path.isfile(os.path.join(d, f))
               for f in ('w2c', 'libw2c-rt.a', os.path.join('rt', 'wasi', 'libw2c-wasi.a'))):
            return os.path.abspath(d)
    raise RuntimeError('no build directory with w2c, libw2c-rt.a and rt/wasi/libw2c-wasi.a '
                       '(tried %s; meson setup build && ninja -C build)'
                       % ', '.join(filter(None, cands)))


def write_if_changed(path, text):
    """Keeps the file (and its mtime, so make-like reuse works) if the text is the same."""
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path + '.tmp', 'w') as f:
        f.write(text)
    os.replace(path + '.tmp', path)


def compile_all(work, files, cc, cflags, inc, jobs):
    """Compiles each .c to .o unless the .o is newer (the flags are part of
    the stamp file's name).  Returns (wall seconds, list of failures)."""
    stamp = os.path.join(work, 'cflags.txt')
    line = '%s %s\n' % (cc, ' '.join(cflags))
    if not os.path.isfile(stamp) or open(stamp).read() != line:
        for f in files:
            o = os.path.join(work, f[:-2] + '.o')
            if os.path.exists(o):
                os.remove(o)
        write_if_changed(stamp, line)

    newest_h = os.path.getmtime(os.path.join(work, 'ruby.h'))

    def one(f):
        c, o = os.path.join(work, f), os.path.join(work, f[:-2] + '.o')
        if os.path.isfile(o) and os.path.getmtime(o) >= max(os.path.getmtime(c), newest_h):
            return f, None, 0.0
        t = time.time()
        r = subprocess.run([cc] + cflags + ['-I' + inc, '-c', c, '-o', o + '.tmp'],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            return f, r.stdout.decode('utf-8', 'replace')[-2000:], time.time() - t
        os.replace(o + '.tmp', o)
        return f, None, time.time() - t

    t0, bad = time.time(), []
    # The biggest first, so the last to finish is a small one.
    todo = sorted(files, key=lambda f: -os.path.getsize(os.path.join(work, f)))
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for f, err, secs in pool.map(one, todo):
            if err:
                bad.append('%s: %s' % (f, err))
            elif secs:
                log('compiled %s in %.0f s' % (f, secs))
    return time.time() - t0, bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', help='meson build directory (default: $W2C_BUILD, build, '
                    '_build/test: the first with w2c and both libraries)')
    ap.add_argument('--cc', default=os.environ.get('CC') or 'gcc')
    ap.add_argument('--cflags', default='-O0',
                    help='flags for the translated module (-O0: ~13 min on 2 cores)')
    ap.add_argument('--parts', type=int, default=16, help='C files (w2c --split, 16)')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--work', default=os.path.join(HERE, 'work'))
    args = ap.parse_args()

    passed = failed = 0
    try:
        wasm = fetch_wasm()
        build = find_build(args.build)
        work = os.path.abspath(args.work)
        os.makedirs(work, exist_ok=True)
        inc = os.path.join(REPO, 'include')

        t = time.time()
        # Into a scratch directory: ruby.h is copied only if it changed, so
        # an unchanged translation recompiles nothing.
        tr = os.path.join(work, 'translate')
        os.makedirs(tr, exist_ok=True)
        out = os.path.join(tr, 'ruby.c')
        r = subprocess.run([os.path.join(build, 'w2c'), wasm, '-o', out, '-n', 'ruby',
                            '--split', str(args.parts)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            raise RuntimeError('w2c failed: %s' % r.stdout.decode('utf-8', 'replace').strip())
        files = sorted(f for f in os.listdir(tr) if f.endswith('.c'))
        for f in files + ['ruby.h']:
            with open(os.path.join(tr, f)) as src:
                write_if_changed(os.path.join(work, f), src.read())
            os.remove(os.path.join(tr, f))
        for f in os.listdir(work):  # parts left over from a larger --parts
            if re.fullmatch(r'ruby(_\d+)?\.(c|o)', f) and f[:-2] + '.c' not in files:
                os.remove(os.path.join(work, f))
        log('translated and split into %d files in %.1f s' % (len(files), time.time() - t))

        cflags = args.cflags.split()
        wall, bad = compile_all(work, files, args.cc, cflags, inc, args.jobs)
        if bad:
            raise RuntimeError('compiling the module failed:\n' + '\n'.join(bad))
        log('module compiled in %.0f s (%s %s, %d jobs)' % (wall, args.cc, args.cflags,
                                                           args.jobs))
        exe = os.path.join(work, 'ruby-driver')
        r = subprocess.run([args.cc, '-std=c11', '-O2', '-Wall', '-Wextra', '-I' + inc,
                            '-I' + work, os.path.join(HERE, 'driver.c')]
                           + [os.path.join(work, f[:-2] + '.o') for f in files]
                           + [os.path.join(build, 'rt', 'wasi', 'libw2c-wasi.a'),
                              os.path.join(build, 'libw2c-rt.a'), '-lpthread', '-lm',
                              '-o', exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            raise RuntimeError('linking the driver failed:\n'
                               + r.stdout.decode('utf-8', 'replace')[-3000:])

        t = time.time()
        r = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        secs = time.time() - t
        got = r.stdout.decode('utf-8', 'replace').splitlines()
        sys.stdout.write(r.stdout.decode('utf-8', 'replace'))
        if r.stderr:
            sys.stderr.write(r.stderr.decode('utf-8', 'replace'))
        log('driver ran in %.2f s, exit status %d' % (secs, r.returncode))
        with open(os.path.join(HERE, 'expected.txt')) as f:
            want = f.read().splitlines()
        for i, w in enumerate(want):
            g = got[i] if i < len(got) else None
            if g == w:
                passed += 1
            else:
                failed += 1
                log('line %d: expected %r, got %r' % (i + 1, w, g))
        if len(got) > len(want):
            failed += 1
            log('%d unexpected extra lines, the first: %r' % (len(got) - len(want), got[len(want)]))
        if r.returncode != 0:
            failed += 1
            log('the driver exited with status %d' % r.returncode)

        # A trap inside Ruby (here a JavaScript import the driver stubs
        # out) must come back as one line and exit status 1, not a crash.
        r = subprocess.run([exe, '--js'], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=600)
        err = r.stderr.decode('utf-8', 'replace')
        trap = [l for l in err.splitlines() if 'trapped: no JavaScript host for' in l]
        if r.returncode == 1 and trap:
            passed += 1
            log('--js: %s' % trap[0])
        else:
            failed += 1
            log('--js: expected a trap and status 1, got status %d:\n%s'
                % (r.returncode, err.strip()[-1000:]))
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        log(str(e))
        failed += 1
    print('ruby: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
