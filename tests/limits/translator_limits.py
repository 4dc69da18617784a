#!/usr/bin/env python3
"""Hostile modules against the translator's limits (w2c/w2c_limits.h).

    translator_limits.py --w2c W2C [--sanitized] [--only NAME...]

Each case builds a module in memory and runs `w2c M.wasm -o M.c` on it.
It passes when w2c

  - rejects it with exactly one line "w2c: FILE:0xOFFSET: message", the
    message matching the case's pattern, or accepts it when the case
    expects that; and
  - stays within the case's time and peak resident memory (measured
    with wait4's rusage, in a child limited to 4 GiB of address space
    so that a runaway allocation fails instead of swapping).

The cases: counts of 2^32-1 with nothing behind them; counts one past
each limit with real items behind them (and, where cheap, exactly at the
limit, which must translate); blocks nested a million deep; the largest
function body allowed; an enormous operand stack; many large functions
(the output is streamed, so memory follows the largest function, not the
module); and 200,000 distinct large signatures (a quadratic algorithm
takes minutes).

--sanitized relaxes the time and memory bounds for an ASan+UBSan w2c
(and drops the address-space limit, which ASan can't run under).
Prints one line per failure and "translator-limits: N passed, N failed".
"""
import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LIMITS_H = os.path.join(HERE, '..', '..', 'w2c', 'w2c_limits.h')
# The limits, read from w2c_limits.h (see read_limits); these are the
# values it had when the cases were written.
LIMITS = dict(TYPES=1000000, FUNCS=1000000, IMPORTS=100000, EXPORTS=100000,
              GLOBALS=1000000, DATA_SEGS=100000, ELEM_SEGS=10000000, TABLES=100000,
              MEMORIES=100000,
              TABLE_SIZE=10000000, PARAMS=1000, RESULTS=1000, LOCALS=50000,
              BODY_SIZE=7654321, BR_TABLE=1000000, NAME_LEN=100000,
              NESTING=100000, STACK=1000000, TAIL_WORDS=256)


def read_limits(path):
    """Updates LIMITS from the header's "#define LIMIT_X 123u" lines."""
    with open(path, encoding='utf-8') as f:
        for m in re.finditer(r'^#define\s+LIMIT_(\w+)\s+(\d+)u?\b', f.read(), re.M):
            LIMITS[m.group(1)] = int(m.group(2))

ERROR = re.compile(r'^w2c: .+:0x[0-9a-f]+: (.+)$')
HUGE = 0xffffffff

# ------------------------------------------------------- module building

I32, I64, F32, F64, FUNCREF = 0x7f, 0x7e, 0x7d, 0x7c, 0x70


def leb(n):
    """Unsigned LEB128."""
    out = bytearray()
    while True:
        b, n = n & 0x7f, n >> 7
        out.append(b | 0x80 if n else b)
        if not n:
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b, n = n & 0x7f, n >> 7
        done = (n == 0 and not b & 0x40) or (n == -1 and b & 0x40)
        out.append(b if done else b | 0x80)
        if done:
            return bytes(out)


def vec(items):
    return leb(len(items)) + b''.join(items)


def name(s):
    return leb(len(s)) + s


def section(sid, body):
    return bytes([sid]) + leb(len(body)) + body


def module(*sections):
    return b'\0asm\1\0\0\0' + b''.join(sections)


def functype(params=(), results=()):
    return b'\x60' + vec([bytes([t]) for t in params]) + vec([bytes([t]) for t in results])


def types(*ts):
    return section(1, vec(list(ts)))


def funcs(*type_indices):
    return section(3, vec([leb(t) for t in type_indices]))


def body(code, locals_=b'\x00'):
    """A function body: local declarations (already a vec) and code,
    which must end with its `end`."""
    b = locals_ + code
    return leb(len(b)) + b


def code(*bodies):
    return section(10, vec(list(bodies)))


def claim(sid, count=HUGE):
    """A section that claims `count` items and holds none."""
    return section(sid, leb(count))


def one_func(code_bytes, params=(), results=(), locals_=b'\x00'):
    """A module with one function of the given signature and code."""
    return module(types(functype(params, results)), funcs(0),
                  code(body(code_bytes, locals_)))


# ----------------------------------------------------------------- cases

class Case:
    def __init__(self, name, build, expect=None, seconds=20, rss_mb=200):
        """expect: a regular expression the error message must match, or
        None when the module must translate."""
        self.name, self.build, self.expect = name, build, expect
        self.seconds, self.rss_mb = seconds, rss_mb


def distinct_large_types(n):
    """n different signatures of 20 parameters each: too large for the
    inline signature id, so every one is a "large" type."""
    out = []
    kinds = (I32, I64, F32, F64)
    for i in range(n):
        params = bytes(kinds[(i >> (2 * k)) & 3] for k in range(20))
        out.append(b'\x60' + leb(20) + params + b'\x00')
    return out


def nested_blocks(depth):
    return one_func(b'\x02\x40' * depth + b'\x0b' * depth + b'\x0b')


def many_params(n):
    return module(types(functype([I32] * n)))


def many_results(n):
    return module(types(functype((), [I32] * n)))


def locals_total(n):
    return one_func(b'\x0b', locals_=vec([leb(n) + bytes([I32])]))


def tail_caller(params):
    """A function tail-calling itself, its parameters passed on."""
    gets = b''.join(b'\x20' + leb(i) for i in range(len(params)))
    return one_func(gets + b'\x12\x00\x0b', params=params)


def tail_caller_later(params):
    """The same as the second function, the first making a small one
    (the second is then known to make tail calls before it is read)."""
    gets = b''.join(b'\x20' + leb(i) for i in range(len(params)))
    return module(types(functype([I32]), functype(params)), funcs(0, 1),
                  code(body(b'\x20\x00\x12\x00\x0b'),
                       body(b'\x00' + gets + b'\x12\x01\x0b')))


def br_table(n):
    # block; i32.const 0; br_table 0...0 0; end; end
    return one_func(b'\x02\x40\x41\x00\x0e' + leb(n) + b'\x00' * n + b'\x00\x0b\x0b')


def body_of_size(size):
    """One function whose body is exactly `size` bytes (from its local
    declarations to its end): i32.const 1, drop, repeated."""
    filler = size - 2                    # the local count and the end
    pairs, rest = divmod(filler, 3)
    code_bytes = b'\x41\x01\x1a' * pairs + b'\x01' * rest + b'\x0b'
    return module(types(functype()), funcs(0),
                  section(10, vec([leb(size) + b'\x00' + code_bytes])))


def operand_stack(n):
    # n times i32.const 0, then n drops
    return one_func(b'\x41\x00' * n + b'\x1a' * n + b'\x0b')


def many_functions(nfuncs, body_bytes):
    """nfuncs functions, each of body_bytes bytes of arithmetic: the C
    written grows with the module, memory must not."""
    # local.get 0; i32.const 1; i32.add; local.set 0
    unit = b'\x20\x00\x41\x01\x6a\x21\x00'
    n = max(1, (body_bytes - 4) // len(unit))
    b = body(unit * n + b'\x0b', vec([b'\x01\x7f']))
    return module(types(functype()), funcs(*[0] * nfuncs), code(*[b] * nfuncs))


def imports(n):
    # n functions imported as "" "" of type 0
    return module(types(functype()),
                  section(2, vec([b'\x00\x00\x00\x00'] * n)))


def exports(n):
    items = [name(b'e%d' % i) + b'\x00\x00' for i in range(n)]
    return module(types(functype()), funcs(0), section(7, vec(items)),
                  code(body(b'\x0b')))


def globals_(n):
    return module(section(6, vec([bytes([I32, 0]) + b'\x41\x00\x0b'] * n)))


def data_segments(n):
    # passive, empty
    return module(section(12, leb(n)), section(11, vec([b'\x01\x00'] * n)))


def elem_segments(n):
    # passive funcref, no items
    return module(section(9, vec([b'\x01\x00\x00'] * n)))


def tables(n):
    return module(section(4, vec([bytes([FUNCREF, 0, 0])] * n)))


def memories(n):
    return module(section(5, vec([b'\x00\x00'] * n)))


def table_min(n):
    return module(section(4, vec([bytes([FUNCREF, 0]) + leb(n)])))


def export_name_len(n):
    return module(types(functype()), funcs(0), section(7, vec([name(b'x' * n) + b'\x00\x00'])),
                  code(body(b'\x0b')))


def import_name_len(n):
    return module(types(functype()),
                  section(2, vec([name(b'm') + name(b'x' * n) + b'\x00\x00'])))


def cases():
    L = LIMITS
    c = []
    add = lambda *a, **k: c.append(Case(*a, **k))
    any_error = r'.'

    # Counts of 2^32-1 with nothing behind them.
    for sid, what in ((1, 'types'), (2, 'imports'), (3, 'functions'), (4, 'tables'),
                      (5, 'memories'), (6, 'globals'), (7, 'exports'), (9, 'elements'),
                      (10, 'bodies'), (11, 'data')):
        add('huge-count-' + what, lambda sid=sid: module(claim(sid)), any_error, 5, 64)
    add('huge-datacount', lambda: module(claim(12)), r'inconsistent lengths', 5, 64)
    add('huge-locals', lambda: locals_total(HUGE), r'too many locals', 5, 64)
    add('huge-locals-sum', lambda: one_func(b'\x0b', locals_=vec(
        [leb(L['LOCALS'] - 1) + bytes([I32]), leb(HUGE) + bytes([I32])])),
        r'too many locals', 5, 64)
    add('huge-params', lambda: module(types(b'\x60' + leb(HUGE))), any_error, 5, 64)
    add('huge-data-bytes', lambda: module(section(11, vec([b'\x01' + leb(HUGE)]))),
        any_error, 5, 64)
    add('huge-br-table', lambda: one_func(b'\x02\x40\x41\x00\x0e' + leb(HUGE) + b'\x0b\x0b'),
        any_error, 5, 64)
    add('huge-body-size', lambda: module(types(functype()), funcs(0),
                                         section(10, vec([leb(HUGE)]))), any_error, 5, 64)
    add('huge-name', lambda: module(section(0, leb(HUGE))), any_error, 5, 64)
    add('huge-memory', lambda: module(section(5, vec([b'\x00' + leb(HUGE)]))),
        r'memory size must be at most 65536 pages', 5, 64)
    add('memory-over-4g', lambda: module(section(5, vec([b'\x00' + leb(65537)]))),
        r'memory size must be at most 65536 pages', 5, 64)

    # Nesting and the operand stack.
    add('nesting-million', lambda: nested_blocks(1000000),
        r'nested too deeply \(limit %d\)' % L['NESTING'], 20, 200)
    add('nesting-at-limit', lambda: nested_blocks(L['NESTING'] - 1), None, 60, 400)
    add('nesting-over-limit', lambda: nested_blocks(L['NESTING'] + 1),
        r'nested too deeply', 20, 200)
    add('stack-at-limit', lambda: operand_stack(L['STACK']), None, 60, 300)
    add('stack-over-limit', lambda: operand_stack(L['STACK'] + 1),
        r'operand stack too deep \(limit %d\)' % L['STACK'], 20, 300)

    # Function bodies.
    add('body-at-limit', lambda: body_of_size(L['BODY_SIZE']), None, 60, 300)
    add('body-over-limit', lambda: body_of_size(L['BODY_SIZE'] + 1),
        r'function body too large \(limit %d bytes\)' % L['BODY_SIZE'], 10, 100)
    # The C is streamed, so peak memory follows the largest function, not
    # the module: 24 functions of 512 KB take about what one does.
    add('one-large-function', lambda: many_functions(1, 1 << 19), None, 30, 60)
    add('many-large-functions', lambda: many_functions(24, 1 << 19), None, 60, 60)

    # Every other limit, one past it (and at it where that's cheap).
    add('types-over-limit', lambda: module(types(*[functype()] * (L['TYPES'] + 1))),
        r'too many types \(limit %d\)' % L['TYPES'], 10, 200)
    add('types-at-limit', lambda: module(types(*[functype()] * L['TYPES'])), None, 30, 200)
    add('params-at-limit', lambda: many_params(L['PARAMS']), None, 10, 100)
    add('params-over-limit', lambda: many_params(L['PARAMS'] + 1),
        r'too many parameters \(limit %d\)' % L['PARAMS'], 10, 100)
    add('results-at-limit', lambda: many_results(L['RESULTS']), None, 10, 100)
    add('results-over-limit', lambda: many_results(L['RESULTS'] + 1),
        r'too many results \(limit %d\)' % L['RESULTS'], 10, 100)
    add('locals-at-limit', lambda: locals_total(L['LOCALS']), None, 30, 200)
    add('locals-over-limit', lambda: locals_total(L['LOCALS'] + 1),
        r'too many locals \(limit %d\)' % L['LOCALS'], 10, 100)
    add('locals-over-limit-with-params', lambda: one_func(
        b'\x0b', params=[I32] * 10, locals_=vec([leb(L['LOCALS'] - 9) + bytes([I64])])),
        r'too many locals', 10, 100)
    # a funcref takes three words of the tail-call area, others one
    add('tail-words-at-limit', lambda: tail_caller([I64] * L['TAIL_WORDS']), None, 10, 100)
    add('tail-words-over-limit', lambda: tail_caller(
        [FUNCREF] * (L['TAIL_WORDS'] // 3) + [I32] * (L['TAIL_WORDS'] % 3 + 1)),
        r'too many parameters or results .*\(limit %d words\)' % L['TAIL_WORDS'], 10, 100)
    add('tail-words-over-limit-later', lambda: tail_caller_later(
        [FUNCREF] * (L['TAIL_WORDS'] // 3) + [I32] * (L['TAIL_WORDS'] % 3 + 1)),
        r'too many parameters or results .*\(limit %d words\)' % L['TAIL_WORDS'], 10, 100)
    add('br-table-at-limit', lambda: br_table(L['BR_TABLE']), None, 30, 150)
    add('br-table-over-limit', lambda: br_table(L['BR_TABLE'] + 1),
        r'br_table too large \(limit %d\)' % L['BR_TABLE'], 10, 200)
    add('funcs-over-limit', lambda: module(types(functype()), funcs(*[0] * (L['FUNCS'] + 1))),
        r'too many functions \(limit %d\)' % L['FUNCS'], 10, 200)
    add('imports-at-limit', lambda: imports(L['IMPORTS']), None, 30, 150)
    add('imports-over-limit', lambda: imports(L['IMPORTS'] + 1),
        r'too many imports \(limit %d\)' % L['IMPORTS'], 10, 200)
    add('exports-at-limit', lambda: exports(L['EXPORTS']), None, 30, 150)
    add('exports-over-limit', lambda: exports(L['EXPORTS'] + 1),
        r'too many exports \(limit %d\)' % L['EXPORTS'], 10, 200)
    add('globals-over-limit', lambda: globals_(L['GLOBALS'] + 1),
        r'too many globals \(limit %d\)' % L['GLOBALS'], 10, 200)
    add('data-segments-at-limit', lambda: data_segments(L['DATA_SEGS']), None, 30, 150)
    add('data-segments-over-limit', lambda: data_segments(L['DATA_SEGS'] + 1),
        r'too many data segments \(limit %d\)' % L['DATA_SEGS'], 10, 200)
    add('elem-segments-over-limit', lambda: elem_segments(L['ELEM_SEGS'] + 1),
        r'too many element segments', 20, 300)
    add('tables-over-limit', lambda: tables(L['TABLES'] + 1),
        r'too many tables \(limit %d\)' % L['TABLES'], 10, 200)
    add('memories-over-limit', lambda: memories(L['MEMORIES'] + 1),
        r'too many memories \(limit %d\)' % L['MEMORIES'], 10, 200)
    add('table-size-at-limit', lambda: table_min(L['TABLE_SIZE']), None, 10, 100)
    # valid: instantiation refuses it (runtime-limits), translation doesn't
    add('table-size-over-limit', lambda: table_min(L['TABLE_SIZE'] + 1), None, 10, 100)
    add('table-size-2^32-1', lambda: table_min(0xffffffff), None, 10, 100)
    add('export-name-at-limit', lambda: export_name_len(L['NAME_LEN']), None, 10, 100)
    add('export-name-over-limit', lambda: export_name_len(L['NAME_LEN'] + 1),
        r'name.*(limit|long)', 10, 100)
    add('import-name-over-limit', lambda: import_name_len(L['NAME_LEN'] + 1),
        r'name.*(limit|long)', 10, 100)

    # Signatures too large to encode inline are deduplicated; many
    # different ones must not take quadratic time (the million the limit
    # allows would take hours).
    add('distinct-large-types', lambda: module(types(*distinct_large_types(200000))),
        None, 15, 400)
    return c


# ----------------------------------------------------------------- running

def limit_child():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def write_module(case, path):
    """Builds the module in a child process, so that this one stays small:
    a process inherits its parent's peak resident size across fork and
    exec, and the peak measured for w2c would include the modules built
    here before."""
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            with open(path, 'wb') as f:
                f.write(case.build())
            status = 0
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        sys.exit('translator_limits: building %s failed' % case.name)


def run_case(args, case, work):
    """None if the case passed, else what went wrong.  Also returns the
    time and peak memory for the log."""
    path = os.path.join(work, case.name + '.wasm')
    write_module(case, path)
    out_c = os.path.join(work, case.name + '.c')
    seconds = case.seconds * (4 if args.sanitized else 1)
    rss_mb = case.rss_mb * (4 if args.sanitized else 1) + (200 if args.sanitized else 0)
    start = time.time()
    with open(os.path.join(work, 'stderr'), 'w+b') as err:
        p = subprocess.Popen([args.w2c, path, '-o', out_c], stdout=subprocess.DEVNULL,
                             stderr=err, preexec_fn=None if args.sanitized else limit_child)
        # Wait with a deadline, then collect the child's own rusage.
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.time() - start > seconds:
                p.kill()
                pid, status, usage = os.wait4(p.pid, 0)
                p.returncode = -9
                cleanup(work, case)
                return 'took over %d s' % seconds, time.time() - start, usage.ru_maxrss // 1024
            time.sleep(0.02)
        err.seek(0)
        stderr = err.read().decode('utf-8', 'replace')
    elapsed, peak = time.time() - start, usage.ru_maxrss // 1024
    cleanup(work, case)
    if os.WIFSIGNALED(status):
        return 'killed by signal %d' % os.WTERMSIG(status), elapsed, peak
    rc = os.WEXITSTATUS(status)
    problem = None
    if case.expect is None:
        if rc != 0:
            problem = 'rejected: %s' % stderr.strip()[:300]
    else:
        lines = stderr.strip().splitlines()
        m = ERROR.match(lines[0]) if len(lines) == 1 else None
        if rc == 0:
            problem = 'accepted; expected an error matching /%s/' % case.expect
        elif rc != 1 or not m:
            problem = 'exit %d without one located error line: %r' % (rc, stderr[:300])
        elif not re.search(case.expect, m.group(1)):
            problem = 'error %r does not match /%s/' % (m.group(1), case.expect)
    if not problem and peak > rss_mb:
        problem = 'peak memory %d MB, over %d MB' % (peak, rss_mb)
    return problem, elapsed, peak


def cleanup(work, case):
    for ext in ('.wasm', '.c', '.h'):
        p = os.path.join(work, case.name + ext)
        if os.path.exists(p):
            os.remove(p)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--w2c', required=True)
    ap.add_argument('--sanitized', action='store_true',
                    help='w2c is built with ASan/UBSan: relax the bounds')
    ap.add_argument('--only', nargs='*', help='run only these cases')
    ap.add_argument('--limits-header', default=LIMITS_H,
                    help='w2c_limits.h, where the limits come from')
    ap.add_argument('--list', action='store_true')
    ap.add_argument('--verbose', '-v', action='store_true', help='print every case')
    args = ap.parse_args()

    if os.path.exists(args.limits_header):
        read_limits(args.limits_header)
    all_cases = cases()
    if args.list:
        for c in all_cases:
            print(c.name)
        return 0
    if args.only:
        all_cases = [c for c in all_cases if c.name in args.only]
    work = tempfile.mkdtemp(prefix='w2c-limits-')
    passed = failed = 0
    try:
        for case in all_cases:
            problem, elapsed, peak = run_case(args, case, work)
            if problem:
                failed += 1
                print('%-32s FAIL %s (%.1f s, %d MB)' % (case.name, problem, elapsed, peak),
                      flush=True)
            else:
                passed += 1
                if args.verbose:
                    print('%-32s ok (%.1f s, %d MB)' % (case.name, elapsed, peak), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print('translator-limits: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
