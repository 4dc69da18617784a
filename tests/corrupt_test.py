#!/usr/bin/env python3
"""Feeds w2c corrupted modules: it must never crash, hang or leave output.

    corrupt_test.py --w2c W2C [--count N] [--seed S] MODULE_DIR...

Takes the .wasm files under the given directories (the spec testsuite's
modules), and from a seeded random generator makes N corrupted copies:
truncations, bit flips, inserted and deleted bytes, and LEB128 counts
blown up.  Each goes through `w2c M.wasm -o OUT.c`.  A run passes when

  - w2c exits 0 (and wrote OUT.c and OUT.h), or exits 1 with exactly one
    line on stderr of the form "w2c: FILE:0xOFFSET: message" and left no
    file behind in its output directory;
  - it finished within the timeout, and no sanitizer report appeared.

Prints a line per failure and finally "N passed, N failed".
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ERROR = re.compile(r'^w2c: .+:0x[0-9a-f]+: .+$')


def corrupt(data, rng):
    data = bytearray(data)
    kind = rng.randrange(6)
    if kind == 0 and len(data) > 8:               # truncate
        del data[rng.randrange(8, len(data)):]
    elif kind == 1 and data:                      # flip bits
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif kind == 2:                               # insert bytes
        at = rng.randrange(len(data) + 1)
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    elif kind == 3 and len(data) > 9:             # delete bytes
        at = rng.randrange(8, len(data))
        del data[at:at + rng.randint(1, 8)]
    elif kind == 4 and len(data) > 9:             # a huge LEB128 count
        at = rng.randrange(8, len(data))
        data[at:at + 1] = bytes([0xff, 0xff, 0xff, 0xff, 0x0f])
    elif data:                                    # overwrite a byte
        data[rng.randrange(len(data))] = rng.choice([0x00, 0x7f, 0x80, 0xff, 0x0b, 0x40])
    return bytes(data)


def check_one(w2c, data, work, timeout):
    """Runs w2c on one input (data, bytes) in the scratch directory work;
    returns None when it behaved, else what went wrong.  A located error
    line is also None (the caller counts rejections with rejected())."""
    case = os.path.join(work, 'case')
    shutil.rmtree(case, ignore_errors=True)
    os.makedirs(case)
    inp = os.path.join(work, 'in.wasm')
    with open(inp, 'wb') as f:
        f.write(data)
    try:
        p = subprocess.run([w2c, inp, '-o', os.path.join(case, 'out.c')],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        check_one.rejected = False
        return 'timed out'
    finally:
        left = sorted(os.listdir(case))
        shutil.rmtree(case, ignore_errors=True)
    err = p.stderr.decode('utf-8', 'replace')
    check_one.rejected = p.returncode == 1
    if 'Sanitizer' in err or 'runtime error' in err:
        return 'sanitizer report:\n' + err
    if p.returncode == 0:
        if left != ['out.c', 'out.h']:
            return 'success but wrote %s' % left
    elif p.returncode == 1:
        lines = err.splitlines()
        if len(lines) != 1 or not ERROR.match(lines[0]):
            return 'error output is not one located line:\n' + err
        if left:
            return 'rejected but left %s' % left
    else:
        return 'exit status %d:\n%s' % (p.returncode, err)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dirs', nargs='+')
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--count', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--timeout', type=int, default=20)
    ap.add_argument('--skip-missing', action='store_true')
    args = ap.parse_args()

    modules = []
    for d in args.dirs:
        for root, _, files in os.walk(d):
            modules += [os.path.join(root, f) for f in sorted(files) if f.endswith('.wasm')]
    if not modules:
        if args.skip_missing:
            print('corrupt: skipped: no modules under %s' % ' '.join(args.dirs))
            return 77
        sys.exit('corrupt_test: no .wasm files found')
    modules.sort()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix='w2c-corrupt-')
    passed = failed = rejected = 0
    try:
        for i in range(args.count):
            src = rng.choice(modules)
            with open(src, 'rb') as f:
                data = corrupt(f.read(), rng)
            problem = check_one(args.w2c, data, work, args.timeout)
            if not problem and check_one.rejected:
                rejected += 1
            if problem:
                failed += 1
                keep = os.path.join(work, 'failure%d.wasm' % failed)
                with open(keep, 'wb') as f:
                    f.write(data)
                print('case %d (from %s, kept as %s): %s' %
                      (i, os.path.basename(src), keep, problem))
            else:
                passed += 1
    finally:
        if not failed:
            shutil.rmtree(work, ignore_errors=True)
    print('%d corrupted modules, %d rejected with a located error' % (args.count, rejected))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
