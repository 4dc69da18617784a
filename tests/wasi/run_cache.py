#!/usr/bin/env python3
"""`w2c run` and its cache, as a user meets them.

    run_cache.py --w2c W2C [--clang CLANG] [--sysroot DIR]

Builds argv0.c for wasm32-wasi, copies it under two names and runs both
with `w2c run` over a fresh cache ($XDG_CACHE_HOME): each copy must see
its own file name as argv[0], and the second run must reuse the first's
program (the module's bytes, not its name, are the key).  A reactor and a
module importing more than WASI fail at once with status 1, leaving
nothing in the cache.  Last line:
"N passed, N failed"; exits 77 when clang can't build for wasm32-wasi.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--clang', default='clang')
    ap.add_argument('--sysroot', default='/usr')
    args = ap.parse_args()
    w2c = os.path.abspath(args.w2c)
    tmp = tempfile.mkdtemp(prefix='w2c-run-cache-')
    passed = failed = 0

    def check(ok, what, detail=''):
        nonlocal passed, failed
        print('%s %s%s' % ('ok  ' if ok else 'FAIL', what, ('\n    ' + detail) if not ok and detail else ''))
        passed += bool(ok)
        failed += not ok

    try:
        wasm = os.path.join(tmp, 'first.wasm')
        p = subprocess.run([args.clang, '--target=wasm32-wasi', '--sysroot=' + args.sysroot, '-O2',
                            os.path.join(HERE, 'argv0.c'), '-o', wasm],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            print('run-cache: skipped: clang can\'t build for wasm32-wasi')
            return 77
        shutil.copy(wasm, os.path.join(tmp, 'second.wasm'))
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, 'cache'))
        for name in ('first.wasm', 'second.wasm'):
            r = subprocess.run([w2c, 'run', name, 'x'], cwd=tmp, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=300)
            out = r.stdout.decode('utf-8', 'replace')
            check(r.returncode == 0 and out == '%s 2\n' % name, 'argv[0] of %s' % name, out)
        entries = [e for e in os.listdir(os.path.join(tmp, 'cache', 'w2c'))]
        check(len(entries) == 1, 'one cached program for both copies', repr(entries))
        # What can't run is said before compiling, as bad input (status 1).
        wat2wasm = shutil.which('wat2wasm')
        cases = [('reactor', '(module (memory (export "memory") 1) (func (export "_initialize")))',
                  'a reactor'),
                 ('env', '(module (import "env" "f" (func)) (func (export "_start")))',
                  '"env"."f"')]
        for name, text, says in cases if wat2wasm else []:
            with open(os.path.join(tmp, name + '.wat'), 'w') as f:
                f.write(text)
            subprocess.run([wat2wasm, name + '.wat', '-o', name + '.wasm'], cwd=tmp, check=True)
            r = subprocess.run([w2c, 'run', name + '.wasm'], cwd=tmp, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
            out = r.stdout.decode('utf-8', 'replace')
            left = sorted(os.listdir(os.path.join(tmp, 'cache', 'w2c')))
            check(r.returncode == 1 and says in out and left == entries,
                  '%s: status 1 before compiling' % name,
                  'status %d, cache %r: %s' % (r.returncode, left, out))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('run-cache: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
