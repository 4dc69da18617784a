#!/usr/bin/env python3
"""check_output.py EXPECTED PROGRAM [ARGS...]: runs PROGRAM, compares its
standard output with the file EXPECTED, prints the difference if any and
'1 passed, 0 failed' or '0 passed, 1 failed'."""
import difflib
import subprocess
import sys

def main():
    expected = open(sys.argv[1], encoding='utf-8').read()
    p = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, timeout=300)
    got = p.stdout.decode('utf-8', 'replace')
    ok = p.returncode == 0 and got == expected
    if not ok:
        sys.stdout.write(''.join(difflib.unified_diff(
            expected.splitlines(True), got.splitlines(True), 'expected', 'got')))
        print('exit status %d' % p.returncode)
    print('1 passed, 0 failed' if ok else '0 passed, 1 failed')
    return 0 if ok else 1

sys.exit(main())
