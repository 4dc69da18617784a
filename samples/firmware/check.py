#!/usr/bin/env python3
"""Builds the firmware sample with arm-none-eabi-gcc and runs it on
qemu-system-arm (mps2-an386), with and without --compress-data, comparing
the output with expected.txt and printing the image's sizes.

    check.py --w2c BUILD/w2c

Skips (exit 77) without the toolchain or QEMU.  Last line: "N passed, N failed".
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--w2c', required=True)
    args = ap.parse_args()
    for tool in ('arm-none-eabi-gcc', 'qemu-system-arm', 'make'):
        if not shutil.which(tool):
            print('firmware: skipped: %s is not installed' % tool)
            return 77
    expected = open(os.path.join(HERE, 'expected.txt')).read()
    passed = failed = 0
    for compress in ('', '1'):
        with tempfile.TemporaryDirectory(prefix='w2c-fw-') as tmp:
            work = os.path.join(tmp, 'firmware')
            shutil.copytree(HERE, work)
            make = ['make', '-s', 'W2C=' + os.path.abspath(args.w2c), 'ROOT=' + ROOT,
                    'COMPRESS=' + compress]
            p = subprocess.run(make + ['firmware.elf', 'size'], cwd=work,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            print(p.stdout.decode('utf-8', 'replace'), end='')
            ok = p.returncode == 0
            if ok:
                try:
                    r = subprocess.run(make + ['run'], cwd=work, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, timeout=120)
                    out = r.stdout.decode('utf-8', 'replace')
                    ok = r.returncode == 0 and out == expected
                    if not ok:
                        print('unexpected output (status %d):\n%s' % (r.returncode, out))
                except subprocess.TimeoutExpired:
                    ok = False
                    print('timed out')
            print('firmware%s: %s' % (' --compress-data' if compress else '',
                                      'ok' if ok else 'FAILED'))
            passed += ok
            failed += not ok
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
