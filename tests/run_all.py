#!/usr/bin/env python3
"""Runs every test suite of w2c, in two configurations:

  _build/test   the default build, warnings as errors: unit tests, the spec
                testsuite (guard pages and explicit bounds checks), samples
                and corrupted modules;
  _build/asan   the same under AddressSanitizer and UndefinedBehaviorSanitizer
                (generated harnesses sanitized too; a spec subset).

Prints one line per test and, last, the totals over all of them:
"N passed, N failed".  A test that prints its own "N passed, N failed"
counts that many; one that doesn't counts as one.  A skipped test (exit
77) counts as nothing and says why.
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COUNT = re.compile(r'(\d+) passed, (\d+) failed\s*$')
COVERED = re.compile(r'\d+ (inputs run|modules from seed) ')
CONFIGS = [
    ('test', ['-Dwerror=true']),
    ('asan', ['-Dwerror=true', '-Db_sanitize=address,undefined', '-Db_lundef=false']),
]


def run(cmd):
    print('$ ' + ' '.join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def main():
    total_passed = total_failed = 0
    for name, options in CONFIGS:
        build = os.path.join('_build', name)
        if os.path.exists(os.path.join(ROOT, build, 'build.ninja')):
            rc = run(['meson', 'setup', '--reconfigure', build] + options)
        else:
            rc = run(['meson', 'setup', build] + options)
        if rc == 0:
            rc = run(['meson', 'compile', '-C', build])
        if rc != 0:
            print('%s: the build failed' % name)
            total_failed += 1
            continue
        log = os.path.join(ROOT, build, 'meson-logs', 'testlog.json')
        if os.path.exists(log):
            os.remove(log)
        run(['meson', 'test', '-C', build, '--print-errorlogs', '--no-rebuild'])
        if not os.path.exists(log):
            print('%s: no test log' % name)
            total_failed += 1
            continue
        with open(log, encoding='utf-8') as f:
            for line in f:
                t = json.loads(line)
                out = t.get('stdout') or ''
                counts = COUNT.findall(out)
                if t.get('result') == 'SKIP':
                    reason = out.strip().splitlines()[-1:] or ['skipped']
                    print('%-8s %-24s skipped: %s' % (name, t['name'], reason[0]))
                    continue
                if counts:
                    p, f = int(counts[-1][0]), int(counts[-1][1])
                else:
                    p, f = (1, 0) if t.get('result') == 'OK' else (0, 1)
                if t.get('result') != 'OK' and f == 0:
                    f = 1  # failed without saying how many
                total_passed += p
                total_failed += f
                # what the fuzzer and the random modules covered
                for line in out.splitlines():
                    if COVERED.search(line):
                        print('%-8s %-24s %s' % (name, t['name'], line.strip()))
                print('%-8s %-24s %d passed, %d failed' % (name, t['name'], p, f))
    print('%d passed, %d failed' % (total_passed, total_failed))
    return 1 if total_failed else 0


if __name__ == '__main__':
    sys.exit(main())
