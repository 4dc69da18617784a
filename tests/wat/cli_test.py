#!/usr/bin/env python3
"""The text format on w2c's command line.

    cli_test.py --w2c W2C [--no-run]

`w2c prog.wat` translates a text module (recognised by its content, not
its name), the same C as for its binary encoding (when wat2wasm is there
to make one); `w2c run hello.wat` runs a WASI command written in the text
format; and text that is not a module is reported as one line
`w2c: FILE:LINE:COL: message` with status 1.  Last line: "N passed, N failed".
"""
import argparse
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import Tally, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# (text, line, column, words the message has)
ERRORS = [
    ('(module (func (i32.const 0x1_0000_0000) drop))', 1, 26, 'constant out of range'),
    ('(module\n  (func\n    i32.foo))', 3, 5, 'unknown operator'),
    ('(module (func (local.get $x) drop))', 1, 26, 'unknown local'),
    ('(module (func "abc', 1, 15, 'unclosed string'),
    ('(module (; never closed', 1, 9, 'unclosed comment'),
    ('(module (func block $a end $b))', 1, 28, 'mismatching label'),
    ('(module (func) (import "m" "f" (func)))', 1, 16, 'import after function'),
    ('(module (memory 1) (func (i32.load align=3 (i32.const 0)) drop))', 1, 36,
     'alignment'),
    ('(module (func (f32.const 1e39) drop))', 1, 26, 'constant out of range'),
    ('(module (func $f) (func $f))', 1, 25, 'duplicate function'),
    ('(module (export "\\ff" (func 0)) (func))', 1, 17, 'malformed UTF-8'),
    ('(module (func (br 0)', 1, 21, 'expected'),
    ('(module) (module)', 1, 10, 'unexpected token'),
    ('(@ x)', 1, 1, 'empty annotation id'),
    ('(module (func \x01))', 1, 15, 'unexpected character'),
]



def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--no-run', action='store_true', help='leave out w2c run')
    a = ap.parse_args()
    tally = Tally()
    check = tally.check

    tmp = tempfile.mkdtemp(prefix='w2c-wat-')
    try:
        hello = os.path.join(HERE, 'hello.wat')
        out = os.path.join(tmp, 'hello.c')
        p = run([a.w2c, hello, '-o', out])
        check(p.returncode == 0 and os.path.exists(out), 'w2c hello.wat', p.stderr.decode())

        # by content: text named .wasm, binary named .wat
        disguised = os.path.join(tmp, 'text.wasm')
        shutil.copy(hello, disguised)
        p = run([a.w2c, disguised, '-o', os.path.join(tmp, 'text.c')])
        check(p.returncode == 0, 'text module named .wasm', p.stderr.decode())
        wat2wasm = shutil.which('wat2wasm')
        if wat2wasm:
            binary = os.path.join(tmp, 'bin', 'hello.wat')
            os.makedirs(os.path.dirname(binary))
            run([wat2wasm, hello, '-o', binary], check=True)
            binc = os.path.join(tmp, 'bin', 'hello.c')
            p = run([a.w2c, binary, '-o', binc])
            check(p.returncode == 0, 'binary module named .wat', p.stderr.decode())
            # the same module, the same C (but the first line's file name)
            with open(out) as f1, open(binc) as f2:
                same = f1.read().split('\n', 1)[1] == f2.read().split('\n', 1)[1]
            check(same, 'C of hello.wat differs from that of wat2wasm\'s binary')

        for n, (text, line, col, words) in enumerate(ERRORS):
            src = os.path.join(tmp, 'bad%d.wat' % n)
            with open(src, 'w', encoding='latin-1') as f:
                f.write(text)
            p = run([a.w2c, src, '-o', os.path.join(tmp, 'bad.c')])
            err = p.stderr.decode('utf-8', 'replace')
            want = 'w2c: %s:%d:%d: ' % (src, line, col)
            check(p.returncode == 1 and err.startswith(want) and words in err and
                  err.count('\n') == 1 and not os.path.exists(os.path.join(tmp, 'bad.c')),
                  'error %r' % text, 'status %d: %s (wanted %s... %s)' %
                  (p.returncode, err, want, words))

        if not a.no_run and shutil.which(os.environ.get('CC', 'cc').split()[0]):
            env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, 'cache'))
            p = run([a.w2c, 'run', '--quiet', hello, 'text'], env=env, timeout=600)
            check(p.returncode == 0 and p.stdout == b'hello, text\n', 'w2c run hello.wat',
                  'status %d: %r %s' % (p.returncode, p.stdout, p.stderr.decode()))
            p = run([a.w2c, 'run', '--quiet', hello], env=env, timeout=600)
            check(p.returncode == 3 and p.stdout == b'hello, world\n', 'w2c run exit status',
                  'status %d: %r' % (p.returncode, p.stdout))
            bad = os.path.join(tmp, 'bad0.wat')
            p = run([a.w2c, 'run', bad], env=env, timeout=600)
            check(p.returncode == 1 and re.match(r'w2c: .*bad0\.wat:1:26: ', p.stderr.decode()),
                  'w2c run of bad text', p.stderr.decode())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return tally.summary()


if __name__ == '__main__':
    sys.exit(main())
