#!/usr/bin/env python3
"""Runs the README's commands for linking a translated module into an
app, exactly as written there, on a module using every operation whose
C may call libm (libm.wat), with the build tree's w2c-rt.pc:

    w2c mod.wasm -o mod.c
    cc -O2 -c mod.c $(pkg-config --cflags w2c-rt)
    cc -O2 app.c mod.o $(pkg-config --cflags --libs w2c-rt) -o app

under several flag sets (-O2, -O0, the portable SIMD path, SSE4.1), and
compares the app's output with libm_expected.txt.  Last line: "N passed,
N failed".  Exits 77 (skipped) without wat2wasm or pkg-config.
"""
import argparse
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def sh(cmd, cwd, env):
    p = subprocess.run(cmd, shell=True, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=300)
    return p.returncode, p.stdout.decode('utf-8', 'replace')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--build', required=True, help='the build tree (meson-uninstalled/)')
    ap.add_argument('--extra-flags', default='',
                    help='compiler and linker flags the runtime was built with')
    args = ap.parse_args()
    for tool in ('wat2wasm', 'pkg-config'):
        if not shutil.which(tool):
            print('readme-link: skipped: %s not installed' % tool)
            return 77
    build = os.path.abspath(args.build)
    env = dict(os.environ)
    env['PKG_CONFIG_PATH'] = os.path.join(build, 'meson-uninstalled')
    env['LD_LIBRARY_PATH'] = build
    cc = os.environ.get('CC', 'cc')
    expected = open(os.path.join(HERE, 'libm_expected.txt')).read()
    flag_sets = ['-O2', '-O0', '-O2 -DW2C_SIMD_FAST=0']
    if platform.machine() == 'x86_64':
        flag_sets.append('-O2 -msse4.1')
    tmp = tempfile.mkdtemp(prefix='w2c-readme-')
    passed = failed = 0
    try:
        rc, out = sh('wat2wasm %s -o mod.wasm' % shlex.quote(os.path.join(HERE, 'libm.wat')),
                     tmp, env)
        shutil.copy(os.path.join(HERE, 'libm_app.c'), os.path.join(tmp, 'app.c'))
        steps = ['%s mod.wasm -o mod.c' % shlex.quote(os.path.abspath(args.w2c)),
                 '%s {f} -c mod.c $(pkg-config --cflags w2c-rt)' % cc,
                 '%s {f} app.c mod.o $(pkg-config --cflags --libs w2c-rt) -o app' % cc,
                 './app']
        for flags in flag_sets:
            f = flags + (' ' + args.extra_flags if args.extra_flags else '')
            ok = rc == 0
            for step in steps:
                if not ok:
                    break
                rc2, out = sh(step.format(f=f), tmp, env)
                ok = rc2 == 0
            if ok and out != expected:
                ok = False
                out = 'output differs:\n%s\nexpected:\n%s' % (out, expected)
            print('%s %s' % ('ok  ' if ok else 'FAIL', flags))
            if not ok:
                print('    ' + out.strip().replace('\n', '\n    '))
            passed += ok
            failed += not ok
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('readme-link: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
