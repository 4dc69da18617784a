#!/usr/bin/env python3
"""`--max-memory` on w2c's command line (docs/instances.md).

    max_memory.py --w2c W2C [--no-run]

A bad SIZE is one line `w2c: --max-memory "SIZE": ...` and status 2, for
`w2c`, `w2c run` and `w2c build`; and a WASI command growing its memory
of no maximum to 2 MiB sees memory.grow return -1 under a 1 MiB cap, not
under a 2 MiB one or none, whether run (each cap its own cached program)
or built.  Last line: "N passed, N failed".
"""
import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import Tally, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = ['12x', '100000', '', '16MB', '-64K', '99999999999999999999G']



def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--no-run', action='store_true', help='leave out w2c run and build')
    a = ap.parse_args()
    tally = Tally()
    check = tally.check

    tmp = tempfile.mkdtemp(prefix='w2c-max-memory-')
    try:
        mod = os.path.join(HERE, 'grow_cmd.wat')
        out = os.path.join(tmp, 'grow.c')
        for cmd in ([a.w2c, mod, '-o', out], [a.w2c, 'run', mod],
                    [a.w2c, 'build', mod, '-o', os.path.join(tmp, 'prog')]):
            for v in BAD:
                p = run(cmd[:2] + ['--max-memory=' + v] + cmd[2:])
                err = p.stderr.decode('utf-8', 'replace')
                check(p.returncode == 2 and err.startswith('w2c: --max-memory "%s": ' % v) and
                      err.count('\n') == 1 and not os.path.exists(out),
                      '%s --max-memory=%s' % (cmd[1], v), 'status %d: %s' % (p.returncode, err))
            # (the last option: w2c run's arguments after the module are the guest's)
            p = run(cmd[:2] + ['--max-memory'] if cmd[1] == 'run' else cmd + ['--max-memory'])
            err = p.stderr.decode('utf-8', 'replace')
            check(p.returncode == 2 and err.startswith('w2c: --max-memory needs a size') and
                  err.count('\n') == 1, '%s --max-memory' % cmd[1],
                  'status %d: %s' % (p.returncode, err))

        p = run([a.w2c, mod, '-o', out, '--max-memory', '1M'])
        check(p.returncode == 0 and os.path.exists(out), 'w2c --max-memory 1M', p.stderr.decode())

        if not a.no_run and shutil.which(os.environ.get('CC', 'cc').split()[0]):
            env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, 'cache'))
            for opts, status in ((['--max-memory=2M'], 5), ([], 5), (['--max-memory=1M'], 7),
                                 (['--max-memory', '64K'], 7)):
                p = run([a.w2c, 'run', '--quiet'] + opts + [mod], env=env, timeout=600)
                check(p.returncode == status, 'w2c run %s' % ' '.join(opts),
                      'status %d: %s' % (p.returncode, p.stderr.decode()))
            prog = os.path.join(tmp, 'prog')
            p = run([a.w2c, 'build', mod, '-o', prog, '--quiet', '--max-memory=1M'], env=env,
                    timeout=600)
            check(p.returncode == 0, 'w2c build --max-memory=1M', p.stderr.decode())
            if p.returncode == 0:
                p = run([prog], timeout=60)
                check(p.returncode == 7, 'built program', 'status %d' % p.returncode)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return tally.summary()


if __name__ == '__main__':
    sys.exit(main())
