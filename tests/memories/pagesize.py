#!/usr/bin/env python3
"""pagesize.py: writes pagesize.json and its modules, the custom page sizes
tests (memories of 1-byte pages).  Neither wabt nor the reference
interpreter knows the proposal, so the modules are bytes and the script is
JSON in wast2json's format, written here; the results are by hand, as in
the proposal's own tests.  Run it here after changing it."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from wasm_bytes import HEADER as HDR, section as sec, uleb as u, vec  # noqa: E402


def name(s):
    return u(len(s)) + s.encode()


# (memory 3 5 (pagesize 1)) holding "xyz" at 0, exporting load8, load16,
# grow, size and store8
small = HDR + sec(1, vec([b'\x60\x01\x7f\x01\x7f', b'\x60\x00\x01\x7f', b'\x60\x02\x7f\x7f\x00'])) \
    + sec(3, vec([b'\0', b'\0', b'\0', b'\1', b'\2'])) \
    + sec(5, vec([b'\x09\x03\x05\x00'])) \
    + sec(7, vec([name(n) + b'\0' + bytes([i]) for i, n in
                  enumerate(['load8', 'load16', 'grow', 'size', 'store8'])])) \
    + sec(10, vec([u(len(b)) + b for b in [
        b'\0\x20\0\x2d\0\0\x0b', b'\0\x20\0\x2f\1\0\x0b', b'\0\x20\0\x40\0\x0b',
        b'\0\x3f\0\x0b', b'\0\x20\0\x20\1\x3a\0\0\x0b']])) \
    + sec(11, vec([b'\0\x41\0\x0b' + name('xyz')]))
# an exported memory of 1-byte pages, and an import of it as 65536-byte ones
exporter = HDR + sec(5, vec([b'\x08\x00\x00'])) + sec(7, vec([name('small1') + b'\2\0']))
importer = HDR + sec(2, vec([name('small') + name('small1') + b'\2\0\0']))
bad_size = HDR + sec(5, vec([b'\x08\x00\x02']))
no_encoding = HDR + sec(5, vec([b'\x08\x00\x41']))

cmds = []
line = [0]

def cmd(c):
    line[0] += 1
    c['line'] = line[0]
    cmds.append(c)

files = {}

def module(data, kind='module', **extra):
    fn = 'pagesize.%d.wasm' % len(files)
    files[fn] = data
    cmd(dict(type=kind, filename=fn, module_type='binary', **extra))

def i32(v):
    return {'type': 'i32', 'value': str(v & 0xffffffff)}

def ret(field, args, results):
    cmd({'type': 'assert_return', 'action': {'type': 'invoke', 'field': field,
         'args': [i32(a) for a in args]}, 'expected': [i32(r) for r in results]})

def trap(field, args, nresults=1):
    cmd({'type': 'assert_trap', 'action': {'type': 'invoke', 'field': field,
         'args': [i32(a) for a in args]}, 'text': 'out of bounds memory access',
         'expected': [{'type': 'i32'}] * nresults})

module(small)
ret('size', [], [3])
ret('load8', [2], [0x7a])
ret('load16', [1], [0x7a79])
trap('load16', [2])
trap('load8', [3])
trap('load8', [-1])
ret('grow', [1], [3])
ret('size', [], [4])
ret('load8', [3], [0])
ret('grow', [2], [-1])
ret('grow', [1], [4])
ret('store8', [4, 1], [])
ret('load8', [4], [1])
trap('store8', [5, 1], 0)
ret('size', [], [5])
module(exporter)
cmd({'type': 'register', 'as': 'small'})
module(importer, 'assert_unlinkable', text='incompatible import type')
module(bad_size, 'assert_invalid', text='invalid custom page size')
module(no_encoding, 'assert_malformed', text='invalid custom page size')

for fn, data in files.items():
    with open(fn, 'wb') as f:
        f.write(data)
with open('pagesize.json', 'w') as f:
    json.dump({'source_filename': 'pagesize.py', 'commands': cmds}, f, indent=1)
    f.write('\n')
