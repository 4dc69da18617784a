#!/usr/bin/env python3
"""Runs the WASI test programs of tests/wasi under w2c, node and natively.

Each NAME.c here is a WASI program in plain C with NAME.expected beside it:
its exact standard output.  The program is built with clang for
wasm32-wasi (a NAME.wat, a hand-written module, with wat2wasm) and run

  w2c     under `w2c run` (--mode run, the default), or translated and
          linked with runner_main.c and the libraries given with --lib
          (--mode embed: the library as built, sanitizers included);
  node    under node's WASI (node:wasi), where node is found;
  native  compiled with the host's C compiler (--native-cc, default cc).

Every run gets a fresh temporary directory ROOT holding sandbox/, which is
the program's preopened directory "." (and its working directory when
native), and secret.txt beside it, which must stay out of reach: after
every run ROOT must hold exactly what it held before.

A program's header comment may say, on lines "wasi-test: KEY VALUE":

  args A B ...        arguments after argv[0] (shell quoting)
  env NAME=VALUE      an environment variable (the only ones it gets)
  stdin FILE          standard input from FILE (beside the program);
                      default /dev/null
  stdin listen-socket standard input is a listening TCP socket on
                      127.0.0.1 with one connection waiting, on which the
                      runner sent "hello, guest\\n"; what the program sends
                      back is appended to its output as "peer got: ..."
  status N            the expected exit status (default 0)
  stderr TEXT         text its standard error must contain
  wat-flags FLAGS     options for wat2wasm (a .wat's features)
  symlink NAME TARGET a symlink sandbox/NAME -> TARGET made before it runs
  no-node REASON      not run under node, and why
  no-native REASON    not run natively, and why
  threads             a wasi-threads program (wasi_threads.h): built without
                      libc, with atomics, a shared imported memory and
                      wasi_thread_start.s; run under w2c only

Prints a line per run and, last, "N passed, N failed".  Exits 77 when
clang can't build for wasm32-wasi.
"""
import argparse
import concurrent.futures
import difflib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NOT_TESTS = {'runner_main.c', 'api_test.c'}  # not WASI programs
TIMEOUT = 120


def parse_meta(path):
    meta = {'args': [], 'env': [], 'stdin': None, 'status': 0, 'stderr': [], 'wat2wasm': [],
            'symlink': [], 'no-node': None, 'no-native': None, 'threads': None}
    with open(path, encoding='utf-8') as f:
        for line in f:
            m = re.search(r'wasi-test:\s*([a-z-]+)\s*(.*?)\s*$', line)
            if not m:
                continue
            key, value = m.group(1), m.group(2)
            if key == 'args':
                meta['args'] += shlex.split(value)
            elif key == 'env':
                meta['env'].append(value)
            elif key == 'status':
                meta['status'] = int(value)
            elif key == 'symlink':
                meta['symlink'].append(value.split(None, 1))
            elif key == 'stderr':
                meta['stderr'].append(value)
            elif key == 'wat-flags':
                meta['wat2wasm'] += shlex.split(value)
            elif key == 'threads':
                meta['threads'] = True
                meta['no-node'] = 'wasi-threads'
                meta['no-native'] = 'wasi-threads'
            elif key in meta:
                meta[key] = ((meta[key] + ' ') if meta[key] else '') + (value or 'excluded')
            else:
                raise SystemExit('%s: unknown key %r' % (path, key))
    return meta



def check_clang(clang, sysroot, work):
    src = os.path.join(work, 'probe.c')
    with open(src, 'w') as f:
        f.write('#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n')
    try:
        p = run([clang, '--target=wasm32-wasi', '--sysroot=' + sysroot, '-O2', src,
                 '-o', os.path.join(work, 'probe.wasm')])
    except OSError as e:
        return str(e)
    if p.returncode:
        return p.stderr.decode(errors='replace').strip().splitlines()[-1:] or ['failed']
    return None


class Runner:
    def __init__(self, args, work):
        self.a = args
        self.work = work

    def build(self, name, src, meta):
        """Builds what the runs need; returns {engine: (command prefix,
        suffix) or an error string}."""
        wasm = os.path.join(self.work, name + '.wasm')
        out = {}
        if src.endswith('.wat'):
            p = run([self.a.wat2wasm, src, '-o', wasm] + meta['wat2wasm'])
        elif meta['threads']:
            p = run([self.a.clang, '--target=wasm32-wasi', '-O2', '-Wall', '-Wextra', '-Werror',
                     '-matomics', '-mbulk-memory', '-nostdlib',
                     '-Wl,--shared-memory,--import-memory,--max-memory=16777216',
                     '-Wl,--export=_start,--export=wasi_thread_start', '-I', HERE, src,
                     os.path.join(HERE, 'wasi_thread_start.s'), '-o', wasm])
        else:
            p = run([self.a.clang, '--target=wasm32-wasi', '--sysroot=' + self.a.sysroot,
                     '-O2', '-Wall', '-Wextra', '-Werror', '-I', HERE, src, '-o', wasm])
        if p.returncode:
            return {'w2c': 'building the module: ' + p.stderr.decode(errors='replace')}
        if self.a.mode == 'run':
            out['w2c'] = ([self.a.w2c, 'run'], ['--', wasm])
        else:
            c = os.path.join(self.work, name + '_w2c.c')
            exe = os.path.join(self.work, name + '_w2c')
            p = run([self.a.w2c, wasm, '-o', c, '-n', 'prog'])
            if p.returncode == 0:
                p = run(shlex.split(self.a.cc) + shlex.split(self.a.cflags) +
                        ['-I', self.a.include, c, os.path.join(HERE, 'runner_main.c'),
                         '-o', exe] + self.a.lib + ['-lpthread', '-lm'])
            out['w2c'] = ([exe], ['--', name]) if p.returncode == 0 else \
                'build: ' + p.stderr.decode(errors='replace')[-2000:]
        if self.a.node and not meta['no-node']:
            out['node'] = ([self.a.node, '--no-warnings', os.path.join(HERE, 'node_run.mjs')],
                           ['--', wasm])
        if self.a.native_cc and not meta['no-native'] and src.endswith('.c'):
            exe = os.path.join(self.work, name + '_native')
            p = run(shlex.split(self.a.native_cc) + ['-O2', '-D_GNU_SOURCE', '-I', HERE,
                                                     src, '-o', exe])
            out['native'] = ([exe], []) if p.returncode == 0 else \
                'build: ' + p.stderr.decode(errors='replace')[-2000:]
        return out

    def run_one(self, name, meta, engine, prefix, suffix):
        root = tempfile.mkdtemp(prefix='wasi-%s-%s-' % (name, engine), dir=self.work)
        sandbox = os.path.join(root, 'sandbox')
        os.mkdir(sandbox)
        with open(os.path.join(root, 'secret.txt'), 'w') as f:
            f.write('secret\n')
        for link, target in meta['symlink']:
            os.symlink(target, os.path.join(sandbox, link))
        before = sorted(os.listdir(root))

        if engine == 'native':
            cmd = prefix + meta['args']
            env = dict(e.split('=', 1) for e in meta['env'])
            cwd = sandbox
        else:
            cmd = list(prefix) + ['--dir', sandbox + '::.']
            for e in meta['env']:
                cmd += ['--env', e]
            cmd += suffix + meta['args']
            env = None
            cwd = root

        listener = peer = None
        stdin = subprocess.DEVNULL
        if meta['stdin'] == 'listen-socket':
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.bind(('127.0.0.1', 0))
            listener.listen(1)
            peer = socket.create_connection(listener.getsockname())
            peer.sendall(b'hello, guest\n')
            stdin = listener.fileno()
        elif meta['stdin']:
            stdin = open(os.path.join(HERE, meta['stdin']), 'rb')
        try:
            p = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=cwd, env=env, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return 'timed out'
        finally:
            if listener:
                listener.close()
            elif meta['stdin']:
                stdin.close()
        out = p.stdout.decode('utf-8', errors='replace')
        err = p.stderr.decode('utf-8', errors='replace')
        if peer:
            peer.settimeout(10)
            got = b''
            try:
                while True:
                    chunk = peer.recv(4096)
                    if not chunk:
                        break
                    got += chunk
            except OSError:
                pass
            peer.close()
            out += 'peer got: %r\n' % got.decode(errors='replace')

        problems = []
        if p.returncode != meta['status']:
            problems.append('exit status %d, expected %d' % (p.returncode, meta['status']))
        expected = os.path.join(HERE, name + '.expected')
        want = None
        if os.path.exists(expected):
            with open(expected, encoding='utf-8') as f:
                want = f.read()
        if want is None:
            problems.append('no %s.expected; the output was:\n%s' % (name, out))
        elif out != want:
            diff = difflib.unified_diff(want.splitlines(), out.splitlines(),
                                        'expected', 'got', lineterm='', n=1)
            problems.append('output differs:\n    ' + '\n    '.join(list(diff)[:40]))
        for text in meta['stderr']:
            if text not in err:
                problems.append('stderr lacks %r' % text)
        after = sorted(os.listdir(root))
        try:
            with open(os.path.join(root, 'secret.txt')) as f:
                secret = f.read()
        except OSError as e:
            secret = str(e)
        if after != before or secret != 'secret\n':
            problems.append('the directory outside the sandbox changed: %s' % after)
        if problems and err.strip():
            problems.append('stderr:\n    ' + '\n    '.join(err.strip().splitlines()[-15:]))
        if not problems and not self.a.keep:
            shutil.rmtree(root, ignore_errors=True)
        return '; '.join(problems) or None

    def test(self, file):
        name, ext = os.path.splitext(file)
        src = os.path.join(HERE, file)
        if ext == '.wat' and not shutil.which(self.a.wat2wasm):
            return ['skip  %-12s all    %s not found' % (name, self.a.wat2wasm)], []
        meta = parse_meta(src)
        if self.a.ignore_exclusions:
            meta['no-node'] = meta['no-native'] = None
        lines = []
        built = self.build(name, src, meta)
        results = []
        for engine in ('w2c', 'node', 'native'):
            why = meta.get('no-' + engine)
            if engine not in built:
                if why and ((engine == 'node' and self.a.node) or
                            (engine == 'native' and self.a.native_cc)):
                    lines.append('skip  %-12s %-6s %s' % (name, engine, why))
                continue
            b = built[engine]
            problem = b if isinstance(b, str) else self.run_one(name, meta, engine, *b)
            results.append(problem is None)
            if problem:
                lines.append('FAIL  %-12s %-6s %s' % (name, engine, problem))
            else:
                lines.append('ok    %-12s %s' % (name, engine))
        return lines, results


def find_node(given):
    if given == 'none':
        return None
    node = given or shutil.which('node')
    if not node:
        return None
    p = run([node, '-e', 'require("node:wasi"); console.log(process.versions.node)'])
    if p.returncode or int(p.stdout.decode().split('.')[0]) < 20:
        return None
    return node


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--w2c', required=True, help='the w2c executable')
    ap.add_argument('--mode', choices=['run', 'embed'], default='run')
    ap.add_argument('--include', default=os.path.join(os.path.dirname(os.path.dirname(HERE)),
                                                      'include'))
    ap.add_argument('--lib', action='append', default=[],
                    help='embed mode: libraries to link (libw2c-wasi.a, libw2c-rt.a)')
    ap.add_argument('--cc', default=os.environ.get('CC', 'cc'))
    ap.add_argument('--cflags', default=os.environ.get('CFLAGS', '-O2'))
    ap.add_argument('--clang', default='clang')
    ap.add_argument('--sysroot', default='/usr')
    ap.add_argument('--wat2wasm', default='wat2wasm')
    ap.add_argument('--node', default=None, help='node to use, or "none"')
    ap.add_argument('--native-cc', default='cc', help='host compiler, or "none"')
    ap.add_argument('--workdir', default=None)
    ap.add_argument('--keep', action='store_true', help='keep the directories of runs')
    ap.add_argument('--ignore-exclusions', action='store_true',
                    help='run under node and natively even where a test says not to')
    ap.add_argument('-j', '--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('tests', nargs='*', help='test names (default: all)')
    a = ap.parse_args()
    a.node = find_node(a.node)
    if a.native_cc == 'none':
        a.native_cc = None
    a.w2c = os.path.abspath(a.w2c)
    a.lib = [os.path.abspath(l) if os.path.exists(l) else l for l in a.lib]

    if a.workdir:
        os.makedirs(a.workdir, exist_ok=True)
        work = tempfile.mkdtemp(prefix='wasi-tests-', dir=os.path.abspath(a.workdir))
    else:
        work = tempfile.mkdtemp(prefix='wasi-tests-')
    try:
        problem = check_clang(a.clang, a.sysroot, work)
        if problem:
            print('skipped: clang can\'t build for wasm32-wasi (%s)' % problem)
            return 77
        if a.mode == 'run':
            try:
                p = run([a.w2c, 'run', '--', os.path.join(work, 'probe.wasm')], timeout=600)
                problem = None if p.returncode == 0 and p.stdout == b'ok\n' else \
                    (p.stderr.decode(errors='replace').strip().splitlines() or
                     ['status %d' % p.returncode])[-1]
            except (OSError, subprocess.TimeoutExpired) as e:
                problem = str(e)
            if problem:
                print('skipped: `w2c run` can\'t run a WASI program (%s)' % problem)
                return 77
        files = sorted(f for f in os.listdir(HERE)
                       if f.endswith(('.c', '.wat')) and f not in NOT_TESTS)
        if a.tests:
            files = [f for f in files if os.path.splitext(f)[0] in a.tests]
        print('engines: w2c (%s)%s%s' % (a.mode, ', node' if a.node else '',
                                        ', native' if a.native_cc else ''))
        r = Runner(a, work)
        passed = failed = 0
        with concurrent.futures.ThreadPoolExecutor(max(1, a.jobs)) as pool:
            for lines, results in pool.map(r.test, files):
                for line in lines:
                    print(line, flush=True)
                passed += sum(results)
                failed += len(results) - sum(results)
        print('%d passed, %d failed' % (passed, failed))
        return 1 if failed else 0
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
