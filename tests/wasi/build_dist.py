#!/usr/bin/env python3
"""`w2c build` of a large module the way a build engineer runs it.

    build_dist.py --w2c W2C

Writes a WASI command of over 1 MiB (so that w2c splits it into parts),
whose exit status is a checksum computed here too, and:

  - translates it twice: the C is byte for byte the same;
  - builds it with CC="ccache cc" twice over a fresh ccache: the second
    build compiles nothing (every part a cache hit), and both programs
    exit with the checksum;
  - builds it with CC="distcc gcc" -j 6 through a distccd started here on
    127.0.0.1 (and stopped after): every part goes through the daemon;
  - on a terminal (a pty) shows progress, "compiling: k of n parts done";
    with --quiet, or with stderr not a terminal, prints nothing.

ccache and distcc parts are skipped, saying so, when not installed.  Last
line: "N passed, N failed".
"""
import argparse
import os
import pty
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from wasm_bytes import HEADER, section, sleb, uleb, vec

NFUNCS = 2200


def module():
    """Function k (k = 1..NFUNCS) maps x to ((x * c + d) ^ e) ... 40 times;
    _start folds them all over x = 1 and exits with the result & 0x7f."""
    consts = []
    bodies = []
    for k in range(NFUNCS):
        steps = [((k * 40 + i) * 2654435761 % 1000003 | 1, (k + i) % 31 + 1)
                 for i in range(40)]
        consts.append(steps)
        code = bytearray()
        for c, s in steps:
            code += b'\x20\x00\x41' + sleb(c) + b'\x6c'          # x * c
            code += b'\x41' + sleb(s) + b'\x77'                   # rotl s
            code += b'\x21\x00'                                   # -> x
        code += b'\x20\x00\x0b'
        body = b'\x00' + bytes(code)
        bodies.append(uleb(len(body)) + body)
    start = bytearray(b'\x01\x01\x7f\x41\x01\x21\x00')          # local x = 1
    for k in range(NFUNCS):
        start += b'\x20\x00\x10' + uleb(k + 1) + b'\x21\x00'       # x = f_k(x)
    start += b'\x20\x00\x41\xff\x00\x71\x10\x00\x0b'               # proc_exit(x & 0x7f)
    bodies.append(uleb(len(start)) + bytes(start))
    types = section(1, vec([b'\x60\x01\x7f\x00', b'\x60\x01\x7f\x01\x7f', b'\x60\x00\x00']))
    imports = section(2, vec([b'\x16wasi_snapshot_preview1\x09proc_exit\x00\x00']))
    funcs = section(3, vec([b'\x01'] * NFUNCS + [b'\x02']))
    memory = section(5, vec([b'\x00\x01']))
    exports = section(7, vec([b'\x06memory\x02\x00',
                              b'\x06_start\x00' + uleb(NFUNCS + 1)]))
    code = section(10, vec(bodies))
    x = 1
    for steps in consts:
        for c, s in steps:
            x = (x * c) & 0xffffffff
            x = ((x << s) | (x >> (32 - s))) & 0xffffffff
    return (HEADER + types + imports + funcs + memory + exports + code,
            x & 0x7f)


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, ok, what, detail=''):
        print('%s %s' % ('ok  ' if ok else 'FAIL', what))
        if not ok and detail:
            print('    ' + str(detail).strip().replace('\n', '\n    ')[-2000:])
        self.passed += bool(ok)
        self.failed += not ok


def run(cmd, **kw):
    if not os.path.exists(cmd[0]) and os.sep in cmd[0]:
        return -1, '', '%s: not made' % cmd[0]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=900, **kw)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


def in_pty(cmd, cwd, env):
    """Runs cmd with stderr (and stdout) on a pseudo-terminal; returns its
    status and everything it wrote."""
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=slave,
                         stderr=slave)
    os.close(slave)
    out = b''
    while True:
        r, _, _ = select.select([master], [], [], 1.0)
        if r:
            try:
                data = os.read(master, 4096)
            except OSError:
                data = b''
            if not data:
                break
            out += data
        elif p.poll() is not None:
            break
    os.close(master)
    return p.wait(), out.decode('utf-8', 'replace')


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--w2c', required=True)
    args = ap.parse_args()
    w2c = os.path.abspath(args.w2c)
    check = Checks()
    tmp = tempfile.mkdtemp(prefix='w2c-build-dist-')
    try:
        wasm, want = module()
        big = os.path.join(tmp, 'big.wasm')
        with open(big, 'wb') as f:
            f.write(wasm)
        print('big.wasm: %d bytes, expected exit status %d' % (len(wasm), want))

        # the same C every time
        outs = []
        for d in ('t1', 't2'):
            os.mkdir(os.path.join(tmp, d))
            rc, _, err = run([w2c, big, '-o', os.path.join(tmp, d, 'big.c'), '--split', '4'])
            outs.append(b''.join(open(os.path.join(tmp, d, f), 'rb').read()
                                 for f in sorted(os.listdir(os.path.join(tmp, d)))))
        check(rc == 0 and outs[0] == outs[1], 'the same C twice', err)

        base = [w2c, 'build', big, '--cflags', '-O0', '-j', '4']
        env = dict(os.environ)
        if shutil.which('ccache'):
            env_c = dict(env, CC='ccache cc', CCACHE_DIR=os.path.join(tmp, 'ccache'),
                         CCACHE_NOHASHDIR='1')
            rc1, _, err1 = run(base + ['-o', os.path.join(tmp, 'p1')], env=env_c)
            check(rc1 == 0 and err1 == '', 'stderr not a terminal: nothing', err1)
            run(['ccache', '-z'], env=env_c)
            rc2, _, err2 = run(base + ['-o', os.path.join(tmp, 'p2')], env=env_c)
            _, stats, _ = run(['ccache', '--print-stats'], env=env_c)
            st = dict(line.split('\t', 1) for line in stats.splitlines() if '\t' in line)
            hits = int(st.get('direct_cache_hit', 0)) + int(st.get('preprocessed_cache_hit', 0))
            misses = int(st.get('cache_miss', 0))
            check(rc1 == 0 and rc2 == 0 and hits >= 4 and misses == 0,
                  'ccache: the second build all hits (%d hits, %d misses)' % (hits, misses),
                  err1 + err2 + stats)
            rc, _, _ = run([os.path.join(tmp, 'p2')])
            check(rc == want, 'ccache: the program exits with %d' % want, 'status %d' % rc)
        else:
            print('skip ccache: not installed')

        if shutil.which('distcc') and shutil.which('distccd'):
            port = free_port()
            # distccd, started as root, runs as an unprivileged user
            logdir = tempfile.mkdtemp(prefix='w2c-distccd-')
            os.chmod(logdir, 0o777)
            log = os.path.join(logdir, 'distccd.log')
            os.makedirs(os.path.join(tmp, 'distcc'))
            d = subprocess.Popen(['distccd', '--no-detach', '--daemon', '--listen', '127.0.0.1',
                                  '--port', str(port), '--allow', '127.0.0.1', '--jobs', '2',
                                  '--log-file', log, '--log-level', 'info'])
            try:
                for _ in range(50):
                    try:
                        socket.create_connection(('127.0.0.1', port), timeout=0.2).close()
                        break
                    except OSError:
                        time.sleep(0.1)
                env_d = dict(env, CC='distcc gcc', DISTCC_HOSTS='127.0.0.1:%d/6' % port,
                             DISTCC_FALLBACK='0', DISTCC_DIR=os.path.join(tmp, 'distcc'))
                rc, _, err = run([w2c, 'build', big, '--cflags', '-O0', '-j', '6', '-o',
                                  os.path.join(tmp, 'p3')], env=env_d)
                served = open(log).read().count('COMPILE_OK') if os.path.exists(log) else 0
                check(rc == 0 and served >= 6,
                      'distcc: -j 6 through a daemon on 127.0.0.1 (%d parts served)' % served,
                      err + (open(log).read()[-1500:] if os.path.exists(log) else ''))
                rc, _, _ = run([os.path.join(tmp, 'p3')])
                check(rc == want, 'distcc: the program exits with %d' % want, 'status %d' % rc)
            finally:
                d.terminate()
                d.wait(timeout=10)
                shutil.rmtree(logdir, ignore_errors=True)
        else:
            print('skip distcc: not installed')

        # what is shown (through ccache where there is one: it's quicker)
        if shutil.which('ccache'):
            env = env_c
        rc, out = in_pty(base + ['-o', os.path.join(tmp, 'p4')], tmp, env)
        check(rc == 0 and ('parts done' in out or 'compiling part' in out),
              'on a terminal: progress by parts', out[-800:])
        rc, out = in_pty(base + ['--quiet', '-o', os.path.join(tmp, 'p5')], tmp, env)
        check(rc == 0 and out == '', '--quiet on a terminal: nothing', out[-800:])
        rc, _, err = run(base + ['--verbose', '-o', os.path.join(tmp, 'p7')], env=env)
        check(rc == 0 and err.count(' -c module') == 4 and '-o program' in err,
              '--verbose: every command', err)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('build-dist: %d passed, %d failed' % (check.passed, check.failed))
    return 1 if check.failed else 0


if __name__ == '__main__':
    sys.exit(main())
