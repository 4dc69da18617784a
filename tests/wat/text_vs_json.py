#!/usr/bin/env python3
"""The same testsuite files through the text path and the JSON path.

    text_vs_json.py --spec3 DIR [spec_runner options] NAME...

Runs each core/NAME.wast of the 3.0 testsuite through `w2c spectest
NAME.wast` (the .wast read by w2c's text reader) and its wast2json
conversion json/core/NAME/NAME.json (modules encoded by the reference
interpreter), and compares each file's counts: they must be the same, and
nothing may fail that the JSON path passes.  Options other than --spec3
go to spec_runner.py.  Last line: "N passed, N failed" (files).
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LINE = re.compile(r'^(\S+)\s+(\d+) passed,\s+(\d+) failed$')


def counts(args, paths, workdir):
    p = subprocess.run([sys.executable, os.path.join(HERE, '..', 'spec_runner.py'), *args,
                        '--workdir', workdir, *paths],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode('utf-8', 'replace')
    got = {}
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            got[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return got, out


def main():
    argv = sys.argv[1:]
    if '--spec3' not in argv:
        sys.exit('usage: text_vs_json.py --spec3 DIR [spec_runner options] NAME...')
    i = argv.index('--spec3')
    spec3 = argv[i + 1]
    del argv[i:i + 2]
    names = [a for a in argv if not a.startswith('-') and '/' not in a and
             os.path.exists(os.path.join(spec3, 'wast', 'core', a + '.wast'))]
    opts = [a for a in argv if a not in names]
    if not os.path.isdir(spec3):
        print('text vs json: skipped: no %s' % spec3)
        return 77
    work = next((opts[k + 1] for k, a in enumerate(opts) if a == '--workdir'), None)
    if work:
        k = opts.index('--workdir')
        del opts[k:k + 2]
    else:
        work = '/tmp/w2c-text-vs-json'
    text, tout = counts(opts, [os.path.join(spec3, 'wast', 'core', n + '.wast') for n in names],
                        os.path.join(work, 'text'))
    js, jout = counts(opts, [os.path.join(spec3, 'json', 'core', n, n + '.json') for n in names],
                      os.path.join(work, 'json'))
    passed = failed = 0
    for n in names:
        t, j = text.get(n), js.get(n)
        ok = t is not None and t == j
        print('%-28s text %-14s json %-14s %s' % (
            n, '%d/%d' % (t[0], t[0] + t[1]) if t else '-',
            '%d/%d' % (j[0], j[0] + j[1]) if j else '-', 'ok' if ok else 'DIFFERENT'))
        passed += ok
        failed += not ok
    if failed:
        print('--- text path:\n' + tout[-6000:])
        print('--- json path:\n' + jout[-3000:])
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
