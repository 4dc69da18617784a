#!/usr/bin/env python3
"""Writes wide.wat into the directory given: a module importing a host
function with the most parameters and results wasm allows (1,000 each),
and an export that calls it with 0..999 and sums what it returns."""
import os
import sys

N = 1000
types = ' '.join(['i32'] * N)
body = '\n'.join('    i32.const %d' % k for k in range(N))
adds = '\n'.join(['    i32.add'] * (N - 1))
with open(os.path.join(sys.argv[1], 'wide.wat'), 'w') as f:
    f.write('''(module
  (import "env" "wide" (func $wide (param %s) (result %s)))
  (func (export "run") (result i32)
%s
    call $wide
%s))
''' % (types, types, body, adds))
