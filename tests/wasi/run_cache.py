#!/usr/bin/env python3
"""`w2c run` and its cache, as a user meets them.

    run_cache.py --w2c W2C [--clang CLANG] [--sysroot DIR]

Builds progs/argv0.c for wasm32-wasi, copies it under two names and runs both
with `w2c run` over a fresh cache ($XDG_CACHE_HOME): each copy must see
its own file name as argv[0], and the second run must reuse the first's
program (the module's bytes, not its name, are the key), which is all the
entry keeps.  A reactor and a module importing more than WASI fail at once
with status 1, leaving nothing in the cache.  The temporary directory of
a killed run goes on the next, a run stopped by a signal while compiling
leaves none, $W2C_CACHE_MAX bounds the cache, and `w2c cache` lists and
clears it.  Last line:
"N passed, N failed"; exits 77 when clang can't build for wasm32-wasi.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

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
                            os.path.join(HERE, 'progs', 'argv0.c'), '-o', wasm],
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
        key = os.path.join(tmp, 'cache', 'w2c', entries[0])
        check(sorted(os.listdir(key)) == ['module', 'program'], 'the entry keeps only the program',
              repr(os.listdir(key)))
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
        cache = os.path.join(tmp, 'cache', 'w2c')
        # a killed run's leftovers (no process 999999999) go on the next
        os.makedirs(os.path.join(cache, 'tmp-999999999-abcdef'))
        open(os.path.join(cache, 'tmp-999999999-abcdef', 'module.c'), 'w').close()
        other = os.path.join(tmp, 'other.wasm')
        subprocess.run([args.clang, '--target=wasm32-wasi', '--sysroot=' + args.sysroot, '-O1',
                        os.path.join(HERE, 'progs', 'argv0.c'), '-o', other], check=True)
        r = subprocess.run([w2c, 'run', 'other.wasm'], cwd=tmp, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=dict(env, W2C_CACHE_MAX='0'))
        left = sorted(os.listdir(cache))
        check(r.returncode == 0 and len(left) == 1 and left[0] not in entries,
              'a stale directory removed, the cache bounded to the newest program', repr(left))
        r = subprocess.run([w2c, 'cache'], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = r.stdout.decode()
        check(r.returncode == 0 and 'other.wasm' in out and '1 programs' in out, 'w2c cache', out)
        r = subprocess.run([w2c, 'cache', 'clear'], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        check(r.returncode == 0 and os.listdir(cache) == [], 'w2c cache clear',
              r.stdout.decode() + repr(os.listdir(cache)))
        # stopped while compiling: the compiler (which would sleep) is
        # stopped and nothing is left
        slow = os.path.join(tmp, 'slowcc')
        with open(slow, 'w') as f:
            f.write('#!%s\nimport os, sys, time\ntime.sleep(60)\nos.execvp("cc", ["cc"] + sys.argv[1:])\n'
                    % sys.executable)
        os.chmod(slow, 0o755)
        p = subprocess.Popen([w2c, 'run', 'first.wasm'], cwd=tmp, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=dict(env, CC=slow))
        time.sleep(1.5)
        p.terminate()
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
        check(p.returncode == -15 and os.listdir(cache) == [],
              'SIGTERM while compiling: ends by it, nothing left',
              'status %s, cache %r' % (p.returncode, os.listdir(cache)))
        # run compiles for this CPU (-march=native where cc takes it, the
        # CPU in the key); $CFLAGS replaces that; build stays portable
        log = os.path.join(tmp, 'cc.log')
        logcc = os.path.join(tmp, 'logcc')
        with open(logcc, 'w') as f:
            f.write('#!/bin/sh\necho "$@" >> %s\nexec cc "$@"\n' % log)
        os.chmod(logcc, 0o755)
        native = subprocess.run(['cc', '-march=native', '-x', 'c', '-c', '-o', os.devnull,
                                 '-'], input=b'int x;\n', stderr=subprocess.DEVNULL).returncode == 0
        for what, cmd, extra, want in [
                ('run', [w2c, 'run', 'first.wasm', 'x'], {}, native),
                ('run with CFLAGS=-O1', [w2c, 'run', 'first.wasm', 'x'], {'CFLAGS': '-O1'}, False),
                ('build', [w2c, 'build', 'first.wasm', '-o', 'first'], {}, False)]:
            if os.path.exists(log):
                os.unlink(log)
            r = subprocess.run(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=dict(env, CC=logcc, **extra), timeout=300)
            with open(log) as f:
                lines = [l for l in f.read().splitlines() if 'main.c' in l]
            check(r.returncode == 0 and lines and ('-march=native' in lines[0]) == want,
                  '%s: the program is built %s -march=native' % (what, 'with' if want else 'without'),
                  r.stdout.decode('utf-8', 'replace') + repr(lines))
        # a big module ($W2C_RUN_QUICK_SIZE bytes and up: here all) runs
        # from a quick -Og build while the full one goes on in the
        # background and then replaces the cached program
        subprocess.run([w2c, 'cache', 'clear'], env=env, stdout=subprocess.DEVNULL)
        os.unlink(log)
        qenv = dict(env, CC=logcc, W2C_RUN_QUICK_SIZE='0')
        r = subprocess.run([w2c, 'run', 'first.wasm', 'x'], cwd=tmp, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=qenv, timeout=300)
        progs = [e for e in os.listdir(cache) if not e.startswith('tmp-')]
        entry = os.path.join(cache, progs[0]) if len(progs) == 1 else ''
        check(r.returncode == 0 and r.stdout == b'first.wasm 2\n'
              and os.path.exists(os.path.join(entry, 'quick')),
              'big module: the quick program runs, marked quick', r.stdout.decode('utf-8', 'replace'))
        for _ in range(600):
            if not os.path.exists(os.path.join(entry, 'quick')):
                break
            time.sleep(0.5)
        with open(log) as f:
            lines = [l.split() for l in f.read().splitlines() if 'main.c' in l]
        check(len(lines) == 2 and lines[0][-1] != '-Og' and '-Og' in lines[0]
              and '-Og' not in lines[1] and sorted(os.listdir(cache)) == [os.path.basename(entry)]
              and sorted(os.listdir(entry)) == ['module', 'program'],
              'big module: the full build replaced it in the background',
              repr(lines) + repr(os.listdir(cache)))
        r = subprocess.run([w2c, 'run', '-v', 'first.wasm', 'x'], cwd=tmp, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=qenv, timeout=300)
        check(r.returncode == 0 and b'cached' in r.stdout and b'background' not in r.stdout,
              'big module: the next run takes the full program', r.stdout.decode('utf-8', 'replace'))
        # without $CC and $CFLAGS the quick build is clang -O0 where
        # clang is on $PATH (here a logging stand-in), the full one cc's
        subprocess.run([w2c, 'cache', 'clear'], env=env, stdout=subprocess.DEVNULL)
        bindir = os.path.join(tmp, 'bin')
        os.makedirs(bindir)
        clanglog = os.path.join(tmp, 'clang.log')
        with open(os.path.join(bindir, 'clang'), 'w') as f:
            f.write('#!/bin/sh\necho "$@" >> %s\nexec cc "$@"\n' % clanglog)
        os.chmod(os.path.join(bindir, 'clang'), 0o755)
        cenv = dict(env, W2C_RUN_QUICK_SIZE='0', PATH=bindir + os.pathsep + os.environ['PATH'])
        cenv.pop('CC', None)
        cenv.pop('CFLAGS', None)
        r = subprocess.run([w2c, 'run', 'first.wasm', 'x'], cwd=tmp, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=cenv, timeout=300)
        progs = [e for e in os.listdir(cache) if not e.startswith('tmp-')]
        entry = os.path.join(cache, progs[0]) if len(progs) == 1 else ''
        for _ in range(600):
            if not os.path.exists(os.path.join(entry, 'quick')):
                break
            time.sleep(0.5)
        with open(clanglog) as f:
            lines = [l.split() for l in f.read().splitlines() if 'main.c' in l]
        check(r.returncode == 0 and r.stdout == b'first.wasm 2\n' and len(lines) == 1
              and '-O0' in lines[0] and '-march=native' not in lines[0]
              and sorted(os.listdir(entry)) == ['module', 'program'],
              'big module without $CC: quick with clang -O0, the full build with cc',
              r.stdout.decode('utf-8', 'replace') + repr(lines))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('run-cache: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
