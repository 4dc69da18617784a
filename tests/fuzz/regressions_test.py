#!/usr/bin/env python3
"""Runs w2c over the inputs the fuzzer once crashed on (no clang needed).

    regressions_test.py --w2c W2C --include DIR [--cc CC] [DIR]

DIR defaults to tests/fuzz/regressions; README there says what each
input was.  Every .wasm in it goes through `w2c IN.wasm -o OUT.c`, which
passes when

  - w2c exits 1 with exactly one line "w2c: FILE:0xOFFSET: message" on
    stderr and leaves no file behind, or
  - w2c exits 0, and the C it wrote compiles (cc -fsyntax-only, both
    bounds modes);

and it finished within the timeout, with no sanitizer report.  Prints a
line per failure, then "fuzz-regressions: N passed, N failed".
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ERROR = re.compile(r'^w2c: .+:0x[0-9a-f]+: .+$')


def check(args, path, work):
    """None if w2c handled the input, else what went wrong."""
    out_dir = tempfile.mkdtemp(dir=work)
    out_c = os.path.join(out_dir, 'm.c')
    try:
        p = subprocess.run([args.w2c, path, '-o', out_c], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return 'timed out after %d s' % args.timeout
    err = p.stderr.decode('utf-8', 'replace')
    if p.returncode < 0:
        return 'killed by signal %d' % -p.returncode
    if 'Sanitizer' in err or 'runtime error' in err:
        return 'sanitizer report: ' + err.strip().splitlines()[0]
    if p.returncode == 1:
        lines = err.strip().splitlines()
        if len(lines) != 1 or not ERROR.match(lines[0]):
            return 'exit 1 without one located error line: %r' % err[:300]
        if os.listdir(out_dir):
            return 'output left behind: %s' % ' '.join(os.listdir(out_dir))
        return None
    if p.returncode != 0:
        return 'exit status %d: %s' % (p.returncode, err.strip()[:300])
    if not os.path.exists(out_c) or not os.path.exists(out_c[:-1] + 'h'):
        return 'exit 0 without both files'
    for mode in ('0', '1'):
        c = subprocess.run(args.cc + ['-std=c11', '-fsyntax-only',
                                      '-DW2C_BOUNDS_CHECKS=' + mode] +
                           ['-I' + d for d in args.include] + [out_c],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=args.timeout * 6)
        if c.returncode != 0:
            text = c.stdout.decode('utf-8', 'replace').strip().splitlines()
            return 'the C does not compile (W2C_BOUNDS_CHECKS=%s): %s' % (
                mode, text[0] if text else '?')
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('dir', nargs='?', default=os.path.join(HERE, 'regressions'))
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--include', action='append', default=[],
                    help='a directory with w2c.h and w2c_gen.h')
    ap.add_argument('--cc', default=os.environ.get('CC', 'cc'))
    ap.add_argument('--timeout', type=int, default=20)
    args = ap.parse_args()
    args.cc = shlex.split(args.cc)

    inputs = sorted(f for f in os.listdir(args.dir) if f.endswith('.wasm'))
    work = tempfile.mkdtemp(prefix='w2c-fuzzreg-')
    passed = failed = 0
    try:
        for f in inputs:
            problem = check(args, os.path.join(args.dir, f), work)
            if problem:
                failed += 1
                print('%s: %s' % (f, problem))
            else:
                passed += 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print('fuzz-regressions: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
