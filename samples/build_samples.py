#!/usr/bin/env python3
"""Builds and runs the build-system samples against a w2c build tree.

    build_samples.py --w2c BUILD/w2c --include SRC/include --libdir BUILD SAMPLE...

Each SAMPLE (cmake, make, meson) is copied to a temporary directory beside
a copy of samples/instance, built with its own tool, and its program's
output compared with samples/instance/expected.txt.  The tools find the
runtime through a w2c-rt.pc written for the build tree, as they would an
installed one.  A sample whose tool
isn't installed is reported as skipped.  Last line: "N passed, N failed".
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

BUILD = {
    'cmake': [['cmake', '-S', '.', '-B', 'out'], ['cmake', '--build', 'out'], ['out/app']],
    'make': [['make'], ['./app']],
    'meson': [['meson', 'setup', 'out'], ['ninja', '-C', 'out'], ['out/app']],
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--include', required=True, help='the directory of w2c.h')
    ap.add_argument('--libdir', required=True, help='the directory of libw2c-rt')
    ap.add_argument('--extra-flags', default='',
                    help='compiler and linker flags the runtime was built with')
    ap.add_argument('samples', nargs='+')
    args = ap.parse_args()
    w2c = os.path.abspath(args.w2c)
    env = dict(os.environ)
    env['PATH'] = os.path.dirname(w2c) + os.pathsep + env.get('PATH', '')
    env['W2C'] = w2c
    pcdir = tempfile.mkdtemp(prefix='w2c-pc-')
    with open(os.path.join(pcdir, 'w2c-rt.pc'), 'w') as f:
        f.write('Name: w2c-rt\nDescription: w2c runtime (build tree)\nVersion: 0\n'
                'Cflags: -I%s %s\nLibs: -L%s -lw2c-rt -lpthread -lm %s\n'
                % (os.path.abspath(args.include), args.extra_flags,
                   os.path.abspath(args.libdir), args.extra_flags))
    env['PKG_CONFIG_PATH'] = pcdir
    env['LD_LIBRARY_PATH'] = os.path.abspath(args.libdir)
    expected = open(os.path.join(HERE, 'instance', 'expected.txt')).read()
    passed = failed = 0
    for name in args.samples:
        steps = BUILD[name]
        if not shutil.which(steps[0][0]):
            print('%s: skipped: %s is not installed' % (name, steps[0][0]))
            continue
        with tempfile.TemporaryDirectory(prefix='w2c-sample-') as tmp:
            shutil.copytree(os.path.join(HERE, 'instance'), os.path.join(tmp, 'instance'))
            work = os.path.join(tmp, name)
            shutil.copytree(os.path.join(HERE, name), work)
            out, ok = '', True
            for step in steps:
                p = subprocess.run(step, cwd=work, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, timeout=600)
                out = p.stdout.decode('utf-8', 'replace')
                if p.returncode != 0:
                    ok = False
                    break
            if ok and out == expected:
                passed += 1
                print('%s: ok' % name)
            else:
                failed += 1
                print('%s: FAILED (%s)\n%s' % (name, ' '.join(step), out[-3000:]))
    shutil.rmtree(pcdir)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
