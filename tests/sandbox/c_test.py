#!/usr/bin/env python3
"""Builds and runs a C test program against translated modules, in both
bounds modes.

    c_test.py --name NAME --source TEST.c --w2c W2C --include DIR
              --lib LIBW2C_RT.a [--cflags FLAGS] [--modes 0,1] INPUT...

An INPUT is a MODULE.wat, a MODULE.wasm (for what wat2wasm can't read), or a GEN.py run as `python3 GEN.py DIR` to
write .wat files into DIR (for modules too repetitive to write by hand).
A .wat's first lines may give its tools options: `;; wat2wasm-flags: ...`,
`;; w2c-flags: ...`.
Each MODULE.wat becomes MODULE.wasm (wat2wasm), then MODULE.c and
MODULE.h (`w2c -n MODULE`), so its descriptor is w2c_MODULE_module.  For
each W2C_BOUNDS_CHECKS value in --modes (0: guard pages, 1: explicit
checks) the test and the modules are compiled with it, linked with the
runtime, and run.  The program's last line must be "N passed, N failed"
(check.h prints it); the counts of all modes are summed into

    NAME: N passed, N failed

Exits 77 (skipped) when wat2wasm is missing.  A program that crashes or
times out counts as one failure.
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
COUNT = re.compile(r'^(\d+) passed, (\d+) failed$')


def run(cmd, timeout, cwd=None):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        return p.returncode, p.stdout.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b'').decode('utf-8', 'replace')
        return 'timeout', out


def module_flags(wat):
    """Extra options for a module's tools, from its leading comment lines
    `;; wat2wasm-flags: ...` and `;; w2c-flags: ...`."""
    flags = {'wat2wasm': [], 'w2c': []}
    with open(wat, encoding='utf-8') as f:
        for line in f:
            m = re.match(r';; (wat2wasm|w2c)-flags:(.*)', line)
            if not m:
                break
            flags[m.group(1)] += m.group(2).split()
    return flags


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('inputs', nargs='*', metavar='INPUT', help='MODULE.wat or GEN.py')
    ap.add_argument('--name', required=True)
    ap.add_argument('--source', action='append', required=True, help='the test program')
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--include', action='append', default=[])
    ap.add_argument('--lib', action='append', default=[])
    ap.add_argument('--cc', default=os.environ.get('CC', 'cc'))
    ap.add_argument('--cflags', default='-O2 -g -Wall -Wextra')
    ap.add_argument('--modes', default='0,1', help='W2C_BOUNDS_CHECKS values')
    ap.add_argument('--timeout', type=int, default=300, help='seconds per run')
    ap.add_argument('--wat2wasm', default=shutil.which('wat2wasm'))
    ap.add_argument('--wat2wasm-flag', action='append', default=[],
                    help='e.g. --enable-threads (repeatable)')
    ap.add_argument('--workdir')
    ap.add_argument('--keep', action='store_true')
    ap.add_argument('--test', action='append', default=[],
                    help='run only this test of the program (repeatable)')
    args = ap.parse_args()

    if args.inputs and not args.wat2wasm:
        print('%s: skipped: wat2wasm (wabt) not found' % args.name)
        return 77
    cc = shlex.split(args.cc)
    cflags = shlex.split(args.cflags)
    include = ['-I' + os.path.abspath(d) for d in args.include + [HERE]]
    libs = [os.path.abspath(l) if os.path.exists(l) else l for l in args.lib]
    work = tempfile.mkdtemp(prefix='w2c-%s-' % args.name, dir=args.workdir)
    passed = failed = 0
    try:
        gen = []
        wats = [w for w in args.inputs if w.endswith('.wat') or w.endswith('.wasm')]
        for script in (w for w in args.inputs if w.endswith('.py')):
            made = os.path.join(work, 'generated')
            os.makedirs(made, exist_ok=True)
            rc, out = run([sys.executable, script, made], 120)
            if rc != 0:
                print('%s: %s' % (script, out.strip()))
                print('%s: 0 passed, 1 failed' % args.name)
                return 1
            wats += sorted(os.path.join(made, f) for f in os.listdir(made)
                           if f.endswith('.wat'))
        for wat in wats:
            mod = os.path.splitext(os.path.basename(wat))[0]
            wasm = os.path.join(work, mod + '.wasm')
            flags = module_flags(wat) if wat.endswith('.wat') else {'wat2wasm': [], 'w2c': []}
            for cmd in ([args.wat2wasm] + args.wat2wasm_flag + [wat, '-o', wasm] +
                        flags['wat2wasm'] if wat.endswith('.wat') else ['cp', wat, wasm],
                        [args.w2c, wasm, '-o', os.path.join(work, mod + '.c'), '-n', mod] +
                        flags['w2c']):
                rc, out = run(cmd, 120)
                if rc != 0:
                    print('%s: %s' % (' '.join(cmd), out.strip()))
                    print('%s: 0 passed, 1 failed' % args.name)
                    return 1
            gen.append(os.path.join(work, mod + '.c'))
        for mode in args.modes.split(','):
            exe = os.path.join(work, 'test-bounds%s' % mode)
            rc, out = run(cc + cflags + ['-DW2C_BOUNDS_CHECKS=' + mode, '-I' + work] + include +
                          [os.path.abspath(s) for s in args.source] + gen + libs +
                          ['-lpthread', '-lm', '-o', exe], 600)
            label = 'W2C_BOUNDS_CHECKS=%s' % mode
            if rc != 0:
                print('%s: the test did not build:\n%s' % (label, out[-4000:]))
                failed += 1
                continue
            rc, out = run([exe] + args.test, args.timeout, cwd=work)
            lines = out.rstrip().splitlines()
            m = COUNT.match(lines[-1]) if lines else None
            print('--- %s' % label)
            for line in lines[:-1] if m else lines:
                print(line)
            if not m:
                print('%s: ended without counts (status %s)' % (label, rc))
                failed += 1
                continue
            passed += int(m.group(1))
            failed += int(m.group(2))
            if rc != 0 and int(m.group(2)) == 0:
                print('%s: exit status %s' % (label, rc))
                failed += 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print('kept %s' % work)
    print('%s: %d passed, %d failed' % (args.name, passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
