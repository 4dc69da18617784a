#!/usr/bin/env python3
"""Plain loads and stores keep their static offsets apart from the base
(W2C_AT, w2c_gen.h): a function that loads twelve words at p + 0 .. p + 88
and stores them back after some arithmetic needs one register for p and
twelve for the words, which x86-64 has.  Written base + (p + offset), gcc
kept twelve 64-bit addresses live besides the words and spilled them.
Checks, on x86-64 and with each of gcc and clang that is installed
(-O2 -Wall -Wextra -Werror), that the first module's function 0 ("mix")
touches no stack slot.

    offsets_asm.py W2C INCLUDE_DIR OFFSETS.wast
"""
import os, platform, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import assembly, first_module  # noqa: E402


def main():
    w2c, inc, wast = sys.argv[1:4]
    if platform.machine() not in ('x86_64', 'AMD64'):
        print('not x86-64: skipped')
        return 77
    fails = 0
    with tempfile.TemporaryDirectory() as d:
        wat, c = os.path.join(d, 'm.wat'), os.path.join(d, 'm.c')
        first_module(wast, wat)
        subprocess.run([w2c, wat, '-o', c, '-n', 'm'], check=True)
        ran = 0
        for cc in ['gcc', 'clang']:
            r = assembly(cc, inc, c)
            if r is None:
                print('%s: not found, skipped' % cc)
                continue
            ran += 1
            if r[0]:
                print('%s:\n%s' % (cc, r[1]))
                fails += 1
                continue
            m = re.search(r'^fn0:.*?\n(.*?)^\s*\.size\s+fn0,', r[1], re.M | re.S)
            if not m:
                print('%s: no fn0 in the assembly' % cc)
                fails += 1
                continue
            spills = [l.strip() for l in m.group(1).splitlines() if '(%rsp)' in l]
            if spills:
                print('%s: mix touches the stack %d times, e.g. %s' % (cc, len(spills), spills[0]))
                fails += 1
            else:
                print('%s: mix keeps its base and words in registers' % cc)
        if not ran:
            return 77
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
