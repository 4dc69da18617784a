#!/usr/bin/env python3
"""The testsuites' text-format modules, judged by w2c's text reader.

    text_modules.py --w2c W2C [--superseded FILE --superseded-root DIR] ROOT...

Each ROOT is a testsuite's JSON tree (wast2json's output: `.wat` files for
the commands with "module_type": "text", the quoted modules of the .wast).
For each such command `w2c FILE.wat -o OUT.c` must: for assert_malformed,
fail with a text error (`w2c: FILE:LINE:COL: ...`); for assert_invalid, read
the text and then reject the module (`w2c: FILE:0xOFF: ...`); for a module,
translate.  (assert_*_custom commands, about annotations w2c does not
interpret, are left to the spectest harness.)  No harness is compiled: this is fast, and counts every one of
them.  Per root, then in all: "N passed, N failed"; commands a --superseded
list names (2.0 tests that 3.0 reverses) count neither way.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

TEXT_ERROR = re.compile(r'^w2c: .*\.wat:\d+:\d+: ')
BINARY_ERROR = re.compile(r'^w2c: .*\.wat:0x[0-9a-f]+: ')


def commands(root):
    for d, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if f.endswith('.json'):
                path = os.path.join(d, f)
                with open(path, encoding='utf-8') as fp:
                    for c in json.load(fp).get('commands', []):
                        if (c.get('module_type') == 'text' and
                                not c['type'].endswith('_custom')):
                            yield path, c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('roots', nargs='+')
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--superseded')
    ap.add_argument('--superseded-root', default='.')
    ap.add_argument('--jobs', '-j', type=int, default=2)
    ap.add_argument('--verbose', '-v', action='store_true')
    a = ap.parse_args()
    skip = set()
    if a.superseded:
        with open(a.superseded, encoding='utf-8') as f:
            for line in f:
                words = line.split('#', 1)[0].split()
                if words:
                    skip.add((os.path.normpath(os.path.join(a.superseded_root, words[0])),
                              int(words[1])))
    missing = [r for r in a.roots if not os.path.isdir(r)]
    if missing:
        print('text modules: skipped: no %s' % ', '.join(missing))
        return 77
    tmp = tempfile.mkdtemp(prefix='w2c-text-')

    def judge(item):
        n, (path, c) = item
        wat = os.path.join(os.path.dirname(path), c['filename'])
        out = os.path.join(tmp, 'm%d.c' % n)
        p = subprocess.run([a.w2c, wat, '-o', out], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        err = p.stderr.decode('utf-8', 'replace')
        for f in (out, out[:-2] + '.h'):
            if os.path.exists(f):
                os.remove(f)
        kind = c['type']
        if kind == 'assert_malformed':
            ok = p.returncode == 1 and TEXT_ERROR.match(err)
        elif kind == 'assert_invalid':
            ok = p.returncode == 1 and BINARY_ERROR.match(err)
        else:
            ok = p.returncode == 0
        return ok, '%s:%s: %s: %s' % (path, c.get('line'), kind, err.strip() or 'accepted')

    total_p = total_f = 0
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for root in a.roots:
            items = [(p, c) for p, c in commands(root)
                     if (os.path.normpath(p), c.get('line')) not in skip]
            passed = failed = 0
            for ok, what in pool.map(judge, enumerate(items)):
                if ok:
                    passed += 1
                else:
                    failed += 1
                    if a.verbose or failed <= 20:
                        print('FAIL ' + what)
            by_kind = {}
            for _, c in items:
                by_kind[c['type']] = by_kind.get(c['type'], 0) + 1
            print('%-40s %5d passed, %5d failed  (%s)' % (
                root, passed, failed,
                ', '.join('%d %s' % (v, k) for k, v in sorted(by_kind.items()))))
            total_p += passed
            total_f += failed
    os.rmdir(tmp)
    print('%d passed, %d failed' % (total_p, total_f))
    return 1 if total_f else 0


if __name__ == '__main__':
    sys.exit(main())
