"""testlib.py: what the Python tests that run w2c and count their checks
share (tests/embed/max_memory.py, tests/wat/cli_test.py,
tests/wasi/run_tests.py), and those that read the assembly of what it
translates (tests/loops/nest_helpers.py, tests/loads/offsets_asm.py)."""
import os
import subprocess


def run(cmd, **kw):
    """Runs cmd with its output and errors captured (bytes)."""
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


class Tally:
    """Counts checks; a failed one prints "FAIL what detail"."""

    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, what, detail=''):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print('FAIL %s %s' % (what, detail.rstrip()))

    def summary(self):
        """Prints the last line, "N passed, N failed"; the exit status."""
        print('%d passed, %d failed' % (self.passed, self.failed))
        return 1 if self.failed else 0


def first_module(path, out):
    """Writes the first (module ...) of the .wast at path to the .wat out."""
    text = open(path).read()
    start = text.index('(module')
    depth, end = 0, start
    while True:
        depth += {'(': 1, ')': -1}.get(text[end], 0)
        end += 1
        if depth == 0:
            break
    with open(out, 'w') as f:
        f.write(text[start:end] + '\n')


def assembly(cc, inc, c):
    """The assembly cc makes of the generated c at -O2, warnings as errors:
    (returncode, text or errors), or None without cc."""
    try:
        r = subprocess.run([cc, '-O2', '-Wall', '-Wextra', '-Werror', '-I', inc,
                            '-I', os.path.dirname(c), '-S', c, '-o', '-'],
                           capture_output=True, text=True)
    except FileNotFoundError:
        return None
    return r.returncode, r.stderr if r.returncode else r.stdout
