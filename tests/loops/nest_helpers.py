#!/usr/bin/env python3
"""Functions with deep loop nests (W2C_NEST, docs/loops.md): GCC inlines
w2c_gen.h's helpers into them only because those carry no optimize options
(w2c_gen.h gives its options to the functions after them alone).  Checks
that a module with such a nest gets W2C_NEST on that function alone and
compiles (gcc and clang, -Wall -Wextra -Werror) with no call left to a
helper.

    nest_helpers.py W2C INCLUDE_DIR NEST.wast   (check: its first module's
                                                function 0 nests, no other)
"""
import os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import assembly, first_module  # noqa: E402


def helpers(inc):
    src = open(os.path.join(inc, 'w2c_gen.h')).read()
    names = re.findall(r'^static inline [^(]*?\b(w2c_\w+)\(', src, re.M)
    names += re.findall(r'^W2C_TRUNC(?:_SAT)?\((w2c_\w+),', src, re.M)
    return set(names)


def main():
    w2c, inc, mod = sys.argv[1:4]
    names = helpers(inc)
    fails = 0
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, 'nest.c')
        if mod.endswith('.wast'):  # its first module, as a .wat
            first_module(mod, os.path.join(d, 'nest.wat'))
            mod = os.path.join(d, 'nest.wat')
        subprocess.run([w2c, mod, '-o', c, '-n', 'nest'], check=True)
        text = open(c).read()
        nested = re.findall(r'^static (?:\w+ )*W2C_NEST \w+ (\w+)\(', text, re.M)
        if len(nested) != 1 or not re.match(r'fn0(_|$)', nested[0]):
            print('W2C_NEST on %s: want function 0 alone' % nested)
            fails += 1
        for cc in ['gcc', 'clang']:
            r = assembly(cc, inc, c)
            if r is None:
                print('%s: not found, skipped' % cc)
                continue
            if r[0]:
                print('%s:\n%s' % (cc, r[1]))
                fails += 1
                continue
            calls = sorted(set(n for n in re.findall(r'call\s+(w2c_\w+)', r[1])
                               if n in names))
            if calls:
                print('%s: helpers not inlined: %s' % (cc, ' '.join(calls)))
                fails += 1
    print('nest_helpers: %s' % ('FAIL' if fails else 'ok'))
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
