#!/usr/bin/env python3
"""Every valid module translates to C that compiles, whatever its export
names.

    names.py --w2c W2C --include DIR --lib LIBW2C_RT.a [--cflags FLAGS]

Writes modules whose export names mangle alike ("a-b" and "a_2db"), look
like w2c's own suffixes ("a_2db_1"), are empty, are the module's own
names ("module", and with --split "fn0", "data0", "elem0"), are any
UTF-8, or are drawn at random from a small alphabet that makes such
collisions likely.  Each module is translated whole and with --split 3,
compiled with -Wall -Wextra -Werror, linked with a driver that calls
every export by its name (each function returns its own index), and
run.  Last line: "N passed, N failed".
"""
import argparse
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from wasm_bytes import HEADER, section, sleb, uleb, vec


def module(names):
    """Function k returns k; exported as names[k].  A memory, a data
    segment and a table with an element segment give --split its shared
    names."""
    n = len(names)
    types = section(1, vec([b'\x60\x00\x01\x7f']))
    funcs = section(3, vec([b'\x00'] * n))
    table = section(4, vec([b'\x70\x00' + uleb(n)]))
    memory = section(5, vec([b'\x00\x01']))
    exports = section(7, vec([uleb(len(nm)) + nm + b'\x00' + uleb(k)
                              for k, nm in enumerate(names)]))
    elem = section(9, vec([b'\x00\x41\x00\x0b' + vec([uleb(k) for k in range(n)])]))
    code = section(10, vec([uleb(len(body)) + body for body in
                            [b'\x00\x41' + sleb(k) + b'\x0b' for k in range(n)]]))
    data = section(11, vec([b'\x00\x41\x00\x0b' + vec([b'x'])]))
    return (HEADER + types + funcs + table + memory + exports + elem +
            code + data)


def c_bytes(s):
    return '"' + ''.join('\\x%02x' % c for c in s) + '"'


def driver(names):
    rows = ',\n'.join('\t{ %s, %d }' % (c_bytes(nm), len(nm)) for nm in names)
    return '''#include <stdio.h>
#include "mod.h"

static const struct { const char *name; size_t len; } names[] = {
%s
};

int main(void)
{
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_mod_module, NULL, 0, &err);
	size_t k, bad = 0;

	if (!inst) {
		printf("instantiate: %%s\\n", err.message);
		return 1;
	}
	for (k = 0; k < sizeof names / sizeof names[0]; k++) {
		w2c_extern e;
		w2c_value r;
		if (!w2c_get_export_n(inst, names[k].name, names[k].len, &e) ||
		    w2c_call_extern(&e, NULL, 0, &r, 1) != W2C_OK || r.of.i32 != k) {
			printf("export %%zu: wrong\\n", k);
			bad++;
		}
	}
	w2c_instance_free(inst);
	return bad != 0;
}
''' % rows


def name_sets():
    sets = [
        ('issue', [b'a-b', b'a_2db', b'a_2db_0', b'a_2db_1']),
        ('suffixes', [b'a-b', b'a_2db', b'a_2db_1', b'a_2db_1_1', b'a.b', b'a_2eb', b'a_2db_1_2']),
        ('own names', [b'', b'_0', b'_1', b'module', b'module_3', b'fn0', b'fn1', b'data0',
                       b'dataz0', b'elem0', b'fn2', b'x', b'_']),
        ('utf-8', ['λ'.encode(), b'_ce_bb', 'ü'.encode(), b'_c3_bc', '\u00e9t\u00e9'.encode(),
                   b'\xf0\x9f\x98\x80', b'_f0_9f_98_80', b'_f0_9f_98_80_3']),
    ]
    rng = random.Random(1234)
    alphabet = [b'a', b'_', b'-', b'2', b'd', b'b', b'0', b'1', b'.']
    for seed in range(6):
        names = set()
        while len(names) < 120:
            names.add(b''.join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))))
        sets.append(('random %d' % seed, sorted(names)))
    return sets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--include', required=True)
    ap.add_argument('--lib', required=True)
    ap.add_argument('--cflags', default='-O0 -Wall -Wextra -Werror')
    args = ap.parse_args()
    cc = shlex.split(os.environ.get('CC', 'cc'))
    cflags = shlex.split(args.cflags)
    tmp = tempfile.mkdtemp(prefix='w2c-names-')
    passed = failed = 0
    try:
        for what, names in name_sets():
            for split in (1, 3):
                d = os.path.join(tmp, '%s-%d' % (what.replace(' ', '_'), split))
                os.makedirs(d)
                with open(os.path.join(d, 'mod.wasm'), 'wb') as f:
                    f.write(module(names))
                with open(os.path.join(d, 'main.c'), 'w') as f:
                    f.write(driver(names))
                steps = [[os.path.abspath(args.w2c), 'mod.wasm', '-o', 'mod.c', '-n', 'mod'] +
                         (['--split', str(split)] if split > 1 else [])]
                sources = ['main.c', 'mod.c'] + ['mod_%d.c' % k for k in range(1, split)]
                steps.append(cc + cflags + ['-I', os.path.abspath(args.include)] + sources +
                             [os.path.abspath(args.lib), '-lm', '-lpthread', '-o', 'prog'])
                steps.append(['./prog'])
                out, ok = '', True
                for step in steps:
                    p = subprocess.run(step, cwd=d, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, timeout=300)
                    if p.returncode != 0:
                        ok, out = False, p.stdout.decode('utf-8', 'replace')[-1500:]
                        break
                print('%s %s, split %d (%d names)' % ('ok  ' if ok else 'FAIL', what, split,
                                                      len(names)))
                if not ok:
                    print('    ' + out.strip().replace('\n', '\n    '))
                passed += ok
                failed += not ok
    finally:
        if not failed:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print('work directory: %s' % tmp)
    print('names: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
