#!/usr/bin/env python3
"""Differential testing: translated code against V8, on random modules.

    diff_test.py --w2c W2C --include DIR --lib LIBW2C_RT.a [options]

For each of --count modules, from --seed:

  1. binaryen makes a random valid module from random bytes
     (`wasm-opt -ttf`), with only the features both sides support and
     binaryen's 2.0 features match the standard in (see FEATURES), and
     `--denan` so that NaN payloads, which engines may legitimately
     choose differently, can't flow into integers;
  2. a plan is made from the module: every exported function, in order
     and then once more, called with arguments drawn from a generator
     seeded by the module;
  3. the w2c side translates it, compiles it with driver.c and runs the
     plan; node runs the same plan on the same module with driver.mjs.
     Both log every call of an imported function (binaryen's modules
     import `fuzzing-support` loggers) and every call's results or trap;
  4. the two logs must be equal, with these allowances:
       - a NaN is a NaN (the drivers print every NaN alike);
       - call-stack exhaustion happens at an implementation-defined depth,
         so from the first call that exhausted the stack on either side
         on, nothing more is compared;
       - a side that runs out of time (--timeout) is compared up to its
         last complete call.

A mismatch is kept under --save-dir: the module (.wasm and .wat), the
plan, both logs, and a reduced module made by `wasm-reduce` within
--reduce-time seconds.  `diff_test.py --check M.wasm` reruns one module
and says `same` or what differs, which is also how wasm-reduce judges.
`diff_test.py --replay DIR` reruns every kept .wasm of DIR (with every
--variant).

The generated C is compiled by each --variant in turn (a compiler and its
flags, e.g. "gcc -O2", "clang -O3 -DW2C_BOUNDS_CHECKS=1"), so that both
bounds modes and the optimizers' use of undefined behaviour get their
share.

Prints one line per mismatch, then "diff: N passed, N failed".  Exits 77
(skipped) when node or wasm-opt is missing.

Run longer with e.g. `--count 5000 --seed $RANDOM`; -j sets parallelism.
"""
import argparse
import concurrent.futures
import hashlib
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# binaryen 108's idea of reference types predates the standard (anyref,
# typed references), so it stays off; SIMD only with --simd.
FEATURES = ['--mvp-features', '--enable-sign-ext', '--enable-mutable-globals',
            '--enable-nontrapping-float-to-int', '--enable-bulk-memory',
            '--enable-multivalue']

def features(args):
    return FEATURES + (['--enable-simd'] if args.simd else [])


VALTYPES = {0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128',
            0x70: 'funcref', 0x6f: 'externref'}


# ---------------------------------------------------------------- modules

class Module:
    """The parts of a binary module the plan needs: function signatures,
    imported functions and exported functions, in order."""

    def __init__(self, data):
        self.types = []       # [(params, results)]
        self.funcs = []       # type index per function, imports first
        self.imports = []     # [(module, name, kind, type index or None)]
        self.exports = []     # [(name, function index)]
        self._parse(data)

    def _parse(self, d):
        if d[:8] != b'\0asm\1\0\0\0':
            raise ValueError('not a wasm module')
        pos = 8
        while pos < len(d):
            sid = d[pos]
            size, pos = uleb(d, pos + 1)
            body, pos = d[pos:pos + size], pos + size
            if sid == 1:
                self._types(body)
            elif sid == 2:
                self._imports(body)
            elif sid == 3:
                n, p = uleb(body, 0)
                for _ in range(n):
                    t, p = uleb(body, p)
                    self.funcs.append(t)
            elif sid == 7:
                self._exports(body)

    def _types(self, b):
        n, p = uleb(b, 0)
        for _ in range(n):
            if b[p] != 0x60:
                raise ValueError('unknown type form')
            params, p = valtypes(b, p + 1)
            results, p = valtypes(b, p)
            self.types.append((params, results))

    def _imports(self, b):
        n, p = uleb(b, 0)
        for _ in range(n):
            mod, p = name(b, p)
            nm, p = name(b, p)
            kind = b[p]
            p += 1
            if kind == 0:
                t, p = uleb(b, p)
                self.funcs.append(t)
                self.imports.append((mod, nm, kind, t))
                continue
            self.imports.append((mod, nm, kind, None))
            if kind == 1:                   # table: reftype limits
                p = skip_limits(b, p + 1)
            elif kind == 2:                 # memory: limits
                p = skip_limits(b, p)
            else:                           # global: valtype mut
                p += 2

    def _exports(self, b):
        n, p = uleb(b, 0)
        for _ in range(n):
            nm, p = name(b, p)
            kind = b[p]
            idx, p = uleb(b, p + 1)
            if kind == 0:
                self.exports.append((nm, idx))

    def signature(self, func):
        return self.types[self.funcs[func]]


def uleb(b, p):
    result = shift = 0
    while True:
        byte = b[p]
        p += 1
        result |= (byte & 0x7f) << shift
        shift += 7
        if not byte & 0x80:
            return result, p


def name(b, p):
    n, p = uleb(b, p)
    return bytes(b[p:p + n]), p + n


def valtypes(b, p):
    n, p = uleb(b, p)
    return [VALTYPES.get(t, '?') for t in b[p:p + n]], p + n


def skip_limits(b, p):
    flags = b[p]
    _, p = uleb(b, p + 1)
    if flags & 1:
        _, p = uleb(b, p)
    return p


# ------------------------------------------------------------------ plans

def random_arg(rng, t):
    """A value of type t as (type, hex bits): edge cases and random bits,
    never a NaN (JavaScript may not keep a NaN's payload)."""
    if t == 'i32':
        v = rng.choice([0, 1, 2, 0xffffffff, 0x7fffffff, 0x80000000, 0xffff,
                        0x10000, rng.randrange(256), rng.getrandbits(32)])
        return t, '%x' % v
    if t == 'i64':
        v = rng.choice([0, 1, 0xffffffffffffffff, 0x7fffffffffffffff,
                        1 << 63, 0xffffffff, rng.randrange(256), rng.getrandbits(64)])
        return t, '%x' % v
    if t == 'f32':
        while True:
            v = rng.choice([0, 0x80000000, 0x3f800000, 0xbfc00000, 0x7f800000,
                            0xff800000, 0x7f7fffff, 0x00000001, 0x4f000000,
                            rng.getrandbits(32)])
            if (v & 0x7f800000) != 0x7f800000 or not v & 0x7fffff:
                return t, '%x' % v
    if t == 'f64':
        while True:
            v = rng.choice([0, 1 << 63, 0x3ff0000000000000, 0xc1e0000000000000,
                            0x7ff0000000000000, 0xfff0000000000000, 1,
                            0x43e0000000000000, rng.getrandbits(64)])
            if (v >> 52 & 0x7ff) != 0x7ff or not v & ((1 << 52) - 1):
                return t, '%x' % v
    return t, 'null'


def make_plan(module, data, simd=False):
    """Every exported function once, in export order, with arguments from
    a generator seeded by the module's bytes (so a module alone says what
    the plan is).  Returns None when a side couldn't run the module."""
    rng = random.Random(hashlib.sha256(data).digest())
    lines = []
    for mod, nm, kind, t in module.imports:
        if kind != 0:
            return None  # only imported functions can be provided alike
        params, results = module.types[t]
        lines.append('import %s %s %s' % (mod.hex(), nm.hex(),
                                          ' '.join(params + ['->'] + results)))
    # binaryen's functions count down a global "hang limit" and trap when
    # it runs out; resetting it before each call lets every call run.
    reset = [(nm, f) for nm, f in module.exports if nm == b'hangLimitInitializer']
    calls = []
    for nm, f in module.exports:
        params, results = module.signature(f)
        if 'v128' in params + results and simd:
            continue  # JavaScript can't pass a v128; other exports call these
        if 'v128' in params + results or '?' in params + results:
            return None
        if nm != b'hangLimitInitializer':
            calls.append((nm, params, results))
    # Twice over, so that the calls also see the state earlier ones left.
    for nm, params, results in calls + calls:
        if reset:
            lines.append('call %s ->' % reset[0][0].hex())
        args = ['%s:%s' % random_arg(rng, p) for p in params]
        lines.append('call %s %s' % (nm.hex(), ' '.join(args + ['->'] + results)))
    return '\n'.join(lines) + '\n'


# -------------------------------------------------------------- running

# Every command runs in its own process group, so that a timeout ends it
# with everything it started; these are the groups running now, ended too
# if this script is told to stop.
running = set()


def run(cmd, timeout, cwd=None):
    """Runs cmd; returns (status, output) where status is an exit code or
    'timeout'."""
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    running.add(p.pid)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        return 'timeout', out.decode('utf-8', 'replace')
    finally:
        running.discard(p.pid)


def stop(signum, frame):
    for pid in list(running):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    sys.exit(128 + signum)


class Tools:
    """How to build and run each side.  A variant is a C compiler with its
    flags; module i is compiled with variant i % len(variants)."""

    def __init__(self, args):
        self.args = args
        self.variants = [shlex.split(v) for v in args.variant]
        self.include = ['-I' + os.path.abspath(d) for d in args.include]
        self.lib = [os.path.abspath(l) if os.path.exists(l) else l for l in args.lib]
        self.driver_o = []

    def build_drivers(self, workdir):
        """driver.c, compiled once per variant."""
        for i, v in enumerate(self.variants):
            obj = os.path.join(workdir, 'driver%d.o' % i)
            rc, out = run(v + self.include + ['-c', os.path.join(HERE, 'driver.c'),
                                              '-o', obj], 300)
            if rc != 0:
                sys.exit('diff_test: driver.c did not compile with %s:\n%s' %
                         (' '.join(v), out))
            self.driver_o.append(obj)

    def w2c_side(self, wasm, plan, work, variant):
        """(status, log) of the translated module, or ('w2c', message) /
        ('cc', message) when it couldn't be built."""
        rc, out = run([self.args.w2c, wasm, '-o', os.path.join(work, 'm.c'), '-n', 'm'],
                      self.args.timeout)
        if rc != 0:
            return 'w2c', out
        exe = os.path.join(work, 'driver')
        rc, out = run(self.variants[variant] + self.include +
                      [os.path.join(work, 'm.c'), self.driver_o[variant]] + self.lib +
                      ['-lpthread', '-lm', '-o', exe], self.args.timeout * 3)
        if rc != 0:
            return 'cc', out
        return run([exe, plan], self.args.timeout)

    def node_side(self, wasm, plan):
        return run([self.args.node, '--stack-size=900', os.path.join(HERE, 'driver.mjs'),
                    wasm, plan], self.args.timeout)


# ------------------------------------------------------------ comparing

def calls_of(log):
    """Splits a log into its instantiation line and one list of lines per
    call: the call's log lines, ending with its result line (the last
    entry stays open when the run was cut short)."""
    lines = log.splitlines()
    head, calls, cur = [], [], []
    for line in lines:
        if not calls and not cur and not line.startswith(('log ', 'call ')):
            head.append(line)
            continue
        cur.append(line)
        if line.startswith('call '):
            calls.append(cur)
            cur = []
    if cur:
        calls.append(cur)  # unfinished
    return head, calls


def compare(w2c_result, node_result):
    """None when the two runs agree, else a one-line description that
    starts with its kind (what --check prints, for wasm-reduce) and a
    colon."""
    (ws, wlog), (ns, nlog) = w2c_result, node_result
    if ws in ('w2c', 'cc'):
        first = (wlog.strip().splitlines() or ['?'])[0]
        if ws == 'w2c' and ns == 0 and nlog.startswith('compile error'):
            return None  # both reject it
        return '%s failed: %s' % ('translation' if ws == 'w2c' else 'compiling the C',
                                  first[:300])
    if ns == 0 and nlog.startswith('compile error'):
        return 'V8 rejects a module w2c accepts: ' + nlog.strip()[:300]
    if ws not in (0, 'timeout'):
        tail = (wlog.strip().splitlines() or ['?'])[-1]
        return 'the w2c side crashed: status %s: %s' % (ws, tail[:300])
    if ns not in (0, 'timeout'):
        return 'node crashed: status %s: %s' % (ns, nlog.strip()[-300:])
    whead, wcalls = calls_of(wlog)
    nhead, ncalls = calls_of(nlog)
    if any(line.endswith(' trap exhaustion') for line in whead + nhead):
        return None  # the start function ran out of stack: nothing to compare
    if whead != nhead:
        return 'instantiation differs: w2c %r, node %r' % (whead, nhead)
    # A run cut short by a timeout counts up to its last complete call.
    n = max(len(wcalls), len(ncalls))
    for status, calls in ((ws, wcalls), (ns, ncalls)):
        if status == 'timeout':
            complete = len(calls) - (1 if calls and not calls[-1][-1].startswith('call ')
                                     else 0)
            n = min(n, complete)
    for i in range(n):
        w = wcalls[i] if i < len(wcalls) else []
        v = ncalls[i] if i < len(ncalls) else []
        if any(c and c[-1].endswith(' trap exhaustion') for c in (w, v)):
            return None  # depth is implementation-defined: stop here
        if w != v:
            for a, b in zip(w + ['(nothing)'] * len(v), v + ['(nothing)'] * len(w)):
                if a != b:
                    return 'a call differs: call %d: w2c %r, node %r' % (i, a[:200], b[:200])
    return None


def check_module(tools, wasm, work, variant=0):
    """Runs one module on both sides.  Returns (verdict, details): verdict
    is 'same', 'skip' or a mismatch description."""
    with open(wasm, 'rb') as f:
        data = f.read()
    try:
        module = Module(data)
    except (ValueError, IndexError) as e:
        return 'skip', 'unparsable module: %s' % e
    plan = make_plan(module, data, tools.args.simd)
    if plan is None:
        return 'skip', 'imports or types the drivers do not handle'
    plan_path = os.path.join(work, 'plan')
    with open(plan_path, 'w') as f:
        f.write(plan)
    wr = tools.w2c_side(wasm, plan_path, work, variant)
    nr = tools.node_side(wasm, plan_path)
    verdict = compare(wr, nr)
    return verdict or 'same', (wr, nr)


# -------------------------------------------------------- the random run

def generate(args, index, work):
    """Module `index` of this seed, into work/m.wasm; returns its path or
    None when binaryen gave up."""
    rng = random.Random('%d-%d' % (args.seed, index))
    raw = os.path.join(work, 'input.bin')
    with open(raw, 'wb') as f:
        f.write(bytes(rng.getrandbits(8) for _ in range(rng.randint(256, args.max_input))))
    wasm = os.path.join(work, 'm.wasm')
    # Every other module also goes through a random choice of binaryen's
    # optimizations, for code shapes the generator alone doesn't make.
    passes = ['--fuzz-passes'] if index % 2 else []
    rc, out = run([args.wasm_opt, raw, '-ttf'] + passes + features(args) +
                  ['--denan', '-o', wasm], 120)
    return wasm if rc == 0 and os.path.exists(wasm) else None


def keep_mismatch(args, tools, index, work, verdict, details, variant):
    """Saves the evidence and a reduced module; returns where."""
    dest = os.path.join(args.save_dir, 'seed%d-%d' % (args.seed, index))
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    shutil.copy(os.path.join(work, 'm.wasm'), dest)
    shutil.copy(os.path.join(work, 'plan'), dest)
    if isinstance(details, tuple):
        for side, (status, log) in zip(('w2c', 'node'), details):
            with open(os.path.join(dest, side + '.log'), 'w') as f:
                f.write('status: %s\n%s' % (status, log))
    with open(os.path.join(dest, 'mismatch.txt'), 'w') as f:
        f.write('%s\nC compiler and flags: %s\n' % (verdict, args.variant[variant]))
    run(['wasm2wat', os.path.join(dest, 'm.wasm'), '-o', os.path.join(dest, 'm.wat')], 60)
    if args.reduce_time > 0 and shutil.which('wasm-reduce'):
        reduce(args, dest, variant)
    return dest


def reduce(args, dest, variant):
    """wasm-reduce, for at most --reduce-time seconds: the best module so
    far is in reduced.wasm whenever it stops."""
    test = os.path.join(dest, 'test.wasm')
    best = os.path.join(dest, 'reduced.wasm')
    check = [sys.executable, os.path.abspath(__file__), '--check', test,
             '--w2c', args.w2c, '--variant', args.variant[variant], '--node', args.node,
             '--timeout', str(args.timeout)] + (['--simd'] if args.simd else [])
    for d in args.include:
        check += ['--include', os.path.abspath(d)]
    for l in args.lib:
        check += ['--lib=' + (os.path.abspath(l) if os.path.exists(l) else l)]
    cmd = ['wasm-reduce', os.path.join(dest, 'm.wasm'), '-t', test, '-w', best,
           '-b', os.path.dirname(os.path.abspath(shutil.which(args.wasm_opt))),
           '--timeout', str(args.timeout * 4), '-ef', ' '.join(features(args)),
           '--command', ' '.join(shlex.quote(c) for c in check)]
    status, out = run(cmd, args.reduce_time, cwd=dest)
    with open(os.path.join(dest, 'reduce.log'), 'w') as f:
        f.write(out)
    if os.path.exists(test):
        os.remove(test)
    if os.path.exists(best):
        run(['wasm2wat', best, '-o', os.path.join(dest, 'reduced.wat')], 60)


def one(args, tools, index):
    work = tempfile.mkdtemp(prefix='m%d-' % index, dir=args.workdir)
    try:
        wasm = generate(args, index, work)
        if not wasm:
            return index, 'skip', 'binaryen made no module', None
        variant = index % len(tools.variants)
        verdict, details = check_module(tools, wasm, work, variant)
        where = None
        if verdict not in ('same', 'skip'):
            where = keep_mismatch(args, tools, index, work, verdict, details, variant)
        return index, verdict, details if verdict == 'skip' else None, where
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--include', action='append', default=[],
                    help='a directory with w2c.h and w2c_gen.h')
    ap.add_argument('--lib', action='append', default=[], help='what to link: libw2c-rt.a')
    ap.add_argument('--variant', action='append', default=[],
                    help='a C compiler and flags for the generated C, e.g. "clang -O3"; '
                    'modules take turns (default: "$CC -O2")')
    ap.add_argument('--count', type=int, default=300)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--max-input', type=int, default=16000,
                    help='largest random input for binaryen, in bytes')
    ap.add_argument('--jobs', '-j', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--timeout', type=int, default=10, help='seconds per run of a module')
    ap.add_argument('--reduce-time', type=int, default=300,
                    help='seconds wasm-reduce may take per mismatch (0: none)')
    ap.add_argument('--save-dir', help='where mismatches go (default: WORKDIR/mismatches)')
    ap.add_argument('--workdir', help='scratch space (default: a temporary directory)')
    ap.add_argument('--keep', action='store_true', help='keep every module\'s files')
    ap.add_argument('--node', default=shutil.which('node') or 'node')
    ap.add_argument('--wasm-opt', default=shutil.which('wasm-opt') or 'wasm-opt')
    ap.add_argument('--simd', action='store_true',
                    help='let binaryen use SIMD too (exports taking or returning v128 '
                    'are not called directly)')
    ap.add_argument('--check', metavar='WASM', help='compare one module; print the verdict')
    ap.add_argument('--replay', metavar='DIR', help='compare every .wasm under DIR')
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    missing = [t for t in (args.node, args.wasm_opt) if not shutil.which(t)]
    if args.check or args.replay:
        missing = [t for t in missing if t != args.wasm_opt]
    if missing:
        print('diff: skipped: %s not found' % ', '.join(missing))
        return 77
    if not args.lib:
        sys.exit('diff_test: give --lib (the runtime library)')
    if not args.variant:
        args.variant = [os.environ.get('CC', 'cc') + ' -O2']
    args.w2c = os.path.abspath(args.w2c) if os.path.exists(args.w2c) else args.w2c
    tools = Tools(args)
    tmp = tempfile.mkdtemp(prefix='w2c-diff-', dir=args.workdir)
    args.workdir = tmp
    try:
        tools.build_drivers(tmp)
        if args.check:
            verdict, _ = check_module(tools, os.path.abspath(args.check), tmp)
            # Only the kind of difference: wasm-reduce keeps what makes
            # the output stay the same, and the values change as it cuts.
            print(verdict.split(':')[0])
            return 0 if verdict in ('same', 'skip') else 1
        if args.replay:
            return replay(args, tools)
        return random_run(args, tools)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def random_run(args, tools):
    args.save_dir = os.path.abspath(args.save_dir or
                                    os.path.join(os.getcwd(), 'diff-mismatches'))
    passed = failed = skipped = 0
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(one, args, tools, i) for i in range(args.count)]
        for fut in concurrent.futures.as_completed(futures):
            index, verdict, note, where = fut.result()
            if verdict == 'same':
                passed += 1
            elif verdict == 'skip':
                skipped += 1
            else:
                failed += 1
                print('module %d (seed %d): %s\n    kept in %s' % (index, args.seed,
                                                                  verdict, where), flush=True)
    print('%d modules from seed %d in %.0f s (%d skipped: binaryen gave up or '
          'features the drivers lack)' % (args.count, args.seed, time.time() - start,
                                          skipped))
    print('diff: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


def replay(args, tools):
    """Every kept .wasm under DIR, each against node again."""
    cases = sorted(os.path.join(r, f) for r, _, fs in os.walk(args.replay)
                   for f in fs if f.endswith('.wasm'))
    passed = failed = 0
    for path in cases:
        for variant in range(len(tools.variants)):
            work = tempfile.mkdtemp(dir=args.workdir)
            verdict, _ = check_module(tools, path, work, variant)
            if verdict in ('same', 'skip'):
                passed += 1
            else:
                failed += 1
                print('%s (%s): %s' % (os.path.relpath(path, args.replay),
                                       args.variant[variant], verdict))
    print('diff-cases: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
