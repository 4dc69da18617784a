"""testlib.py: what the Python tests that run w2c and count their checks
share (tests/embed/max_memory.py, tests/wat/cli_test.py,
tests/wasi/run_tests.py)."""
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
