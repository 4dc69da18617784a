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


def first_module(path):
    text = open(path).read()
    start = text.index('(module')
    depth, end = 0, start
    while True:
        depth += {'(': 1, ')': -1}.get(text[end], 0)
        end += 1
        if depth == 0:
            return text[start:end] + '\n'


def main():
    w2c, inc, wast = sys.argv[1:4]
    if platform.machine() not in ('x86_64', 'AMD64'):
        print('not x86-64: skipped')
        return 77
    fails = 0
    with tempfile.TemporaryDirectory() as d:
        wat, c = os.path.join(d, 'm.wat'), os.path.join(d, 'm.c')
        with open(wat, 'w') as f:
            f.write(first_module(wast))
        subprocess.run([w2c, wat, '-o', c, '-n', 'm'], check=True)
        ran = 0
        for cc in ['gcc', 'clang']:
            try:
                r = subprocess.run([cc, '-O2', '-Wall', '-Wextra', '-Werror', '-I', inc, '-I', d,
                                    '-S', c, '-o', '-'], capture_output=True, text=True)
            except FileNotFoundError:
                print('%s: not found, skipped' % cc)
                continue
            ran += 1
            if r.returncode:
                print('%s:\n%s' % (cc, r.stderr))
                fails += 1
                continue
            m = re.search(r'^fn0:.*?\n(.*?)^\s*\.size\s+fn0,', r.stdout, re.M | re.S)
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
