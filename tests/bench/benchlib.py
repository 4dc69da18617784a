"""benchlib: what run.py and large.py share.

Measuring a child process (wall time from perf_counter, CPU time and peak
resident memory from wait4's rusage), describing the machine, locating the
tools, formatting Markdown tables and rewriting one section of RESULTS.md.
Python 3 standard library only.
"""

import datetime
import fcntl
import math
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RESULTS = os.path.join(HERE, 'RESULTS.md')
GNU_TIME = '/usr/bin/time'
WABT_RT_DIRS = ['/usr/share/wabt/wasm2c', '/usr/src/wasm2c']


class Measured:
    """One finished child: status, times in seconds, peak RSS in KiB."""

    def __init__(self, rc, wall, user, sys_, maxrss, out, err, timed_out=False):
        self.rc, self.wall, self.user, self.sys = rc, wall, user, sys_
        self.cpu = user + sys_
        self.maxrss_kb = maxrss
        self.out, self.err, self.timed_out = out, err, timed_out

    @property
    def ok(self):
        return self.rc == 0 and not self.timed_out

    def why(self):
        """A one-line reason for a failure."""
        if self.timed_out:
            return 'timed out after %.0f s' % self.wall
        if self.rc < 0:
            try:
                name = signal.Signals(-self.rc).name
            except ValueError:
                name = 'signal %d' % -self.rc
            return 'killed by %s' % name
        text = (self.err + b'\n' + self.out).decode('utf-8', 'replace')
        lines = [l.strip() for l in text.splitlines() if l.strip()]
        errors = [l for l in lines if 'error' in l.lower()]
        tail = errors[0] if errors else (lines[-1] if lines else '')
        return 'exit status %d%s' % (self.rc, ': ' + tail[:200] if tail else '')


def measure(cmd, cwd=None, env=None, timeout=None, mem_limit_bytes=None, stdin=None,
            rss=False):
    """Runs cmd (a list) and measures it.  stdout and stderr are collected
    through temporary files, so wait4 can reap the child itself and report
    its own rusage (that of the process and its waited-for descendants).

    The child's peak RSS from wait4 includes the forked copy of this Python
    process (some 15 MB) before exec; with rss=True the command runs under
    GNU time, whose small fork is all that is added, and its %M is used."""
    rssfile = None
    if rss and os.access(GNU_TIME, os.X_OK):
        fd, rssfile = tempfile.mkstemp(prefix='w2c-bench-rss-')
        os.close(fd)
        cmd = [GNU_TIME, '-f', '%M', '-o', rssfile] + list(cmd)
    try:
        m = _measure(cmd, cwd, env, timeout, mem_limit_bytes, stdin)
        if rssfile:
            with open(rssfile) as f:
                lines = f.read().split()
            if lines and lines[-1].isdigit():
                m.maxrss_kb = int(lines[-1])
            if m.rc > 128 and any('signal' in l for l in lines):
                m.rc = 128 - m.rc   # GNU time reports a signal as 128+N
        return m
    finally:
        if rssfile:
            os.unlink(rssfile)


def _measure(cmd, cwd, env, timeout, mem_limit_bytes, stdin):
    def limit():
        if mem_limit_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (mem_limit_bytes, mem_limit_bytes))

    with tempfile.TemporaryFile() as fout, tempfile.TemporaryFile() as ferr:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=fout, stderr=ferr,
                                stdin=stdin if stdin is not None else subprocess.DEVNULL,
                                preexec_fn=limit if mem_limit_bytes else None,
                                start_new_session=True)
        # A timer kills the process group on timeout, so the wait itself
        # blocks and the wall time is exact.
        killed = []

        def kill():
            killed.append(True)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, ru = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
        timed_out = bool(killed)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen won't wait again
        fout.seek(0)
        ferr.seek(0)
        return Measured(proc.returncode, wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss,
                        fout.read(), ferr.read(), timed_out)


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    if not n:
        return float('nan')
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float('nan')


def first_line(cmd):
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             timeout=30).stdout.decode('utf-8', 'replace')
    except (OSError, subprocess.TimeoutExpired):
        return 'not found'
    return out.strip().splitlines()[0] if out.strip() else '?'


def find_w2c(explicit=None):
    """The w2c executable: --w2c, else the build tree's, else PATH."""
    if explicit:
        return os.path.abspath(explicit)
    for cand in (os.path.join(REPO, 'build', 'w2c'),):
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return shutil.which('w2c')


def w2c_include(w2c):
    """Where w2c.h is, for compiling w2c's output by hand."""
    src = os.path.join(REPO, 'include')
    if w2c:   # a build tree's w2c: its source tree's headers
        own = os.path.join(os.path.dirname(os.path.dirname(w2c)), 'include')
        if os.path.isfile(os.path.join(own, 'w2c.h')):
            return own
    if w2c and w2c.startswith(REPO) and os.path.isfile(os.path.join(src, 'w2c.h')):
        return src
    if os.environ.get('W2C_INCLUDEDIR'):
        return os.environ['W2C_INCLUDEDIR']
    try:
        out = subprocess.run(['pkg-config', '--cflags-only-I', 'w2c-rt'],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        flags = out.decode().split()
        if flags:
            return flags[0][2:]
    except OSError:
        pass
    return src


def w2c_build_problem(w2c):
    """Why `w2c build` can't work yet, or None.  In the build tree it needs
    the WASI library beside the runtime."""
    if not w2c:
        return 'w2c not found (build it: meson setup build && ninja -C build)'
    d = os.path.dirname(w2c)
    if d == os.path.join(REPO, 'build') and not os.environ.get('W2C_LIBDIR'):
        wasi = os.path.join(d, 'rt', 'wasi', 'libw2c-wasi.a')
        if not os.path.isfile(wasi):
            return ('w2c build unavailable: %s is missing (the WASI library has not '
                    'landed or is not built yet)' % os.path.relpath(wasi, REPO))
    return None


def wabt_rt_dir():
    for d in WABT_RT_DIRS:
        if os.path.isfile(os.path.join(d, 'wasm-rt-impl.c')):
            return d
    return None


def git_describe():
    try:
        head = subprocess.run(['git', '-C', REPO, 'rev-parse', '--short', 'HEAD'],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        dirty = subprocess.run(['git', '-C', REPO, 'status', '--porcelain', '--untracked-files=no'],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        return head.decode().strip() + (' (with uncommitted changes)' if dirty.strip() else '')
    except OSError:
        return '?'


def w2c_describe(w2c):
    """The commit, and the w2c binary's age: the tree may hold other
    people's uncommitted work, and the binary may predate it."""
    text = 'commit ' + git_describe()
    if w2c and os.path.isfile(w2c):
        when = datetime.datetime.fromtimestamp(os.path.getmtime(w2c)).astimezone()
        text += '; %s built %s' % (os.path.relpath(w2c, REPO) if w2c.startswith(REPO)
                                   else w2c, when.strftime('%Y-%m-%d %H:%M %Z'))
    return text


def machine_info(cc='gcc', w2c=None):
    """(label, value) pairs describing where and with what we measured."""
    cpu = '?'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    mem = '?'
    try:
        with open('/proc/meminfo') as f:
            kb = int(f.readline().split()[1])
            mem = '%.1f GiB' % (kb / 1048576)
    except (OSError, ValueError, IndexError):
        pass
    osname = platform.platform()
    try:
        with open('/etc/os-release') as f:
            m = re.search(r'^PRETTY_NAME="?([^"\n]*)', f.read(), re.M)
            if m:
                osname = m.group(1) + ', Linux ' + platform.release()
    except OSError:
        pass
    return [
        ('date', datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')),
        ('CPU', '%s, %d cores' % (cpu, os.cpu_count() or 0)),
        ('memory', mem),
        ('OS', osname),
        ('load average at start', ' '.join(open('/proc/loadavg').read().split()[:3])),
        ('native compiler', first_line([cc, '--version'])),
        ('wasm compiler', first_line(['clang', '--version']) + ' (--target=wasm32-wasi)'),
        ('wasm2c', 'wabt ' + first_line(['wasm2c', '--version'])),
        ('node', first_line(['node', '--version'])),
        ('w2c', w2c_describe(w2c)),
    ]


def md_table(header, rows, align=None):
    """A Markdown table; align is a string of 'l'/'r' per column."""
    align = align or 'l' + 'r' * (len(header) - 1)
    cells = [list(map(str, header))] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def fmt(r):
        return '| ' + ' | '.join(c.ljust(w) if a == 'l' else c.rjust(w)
                                 for c, w, a in zip(r, widths, align)) + ' |'
    sep = '| ' + ' | '.join(('-' * (w - 1) + ':') if a == 'r' else '-' * w
                            for w, a in zip(widths, align)) + ' |'
    return '\n'.join([fmt(cells[0]), sep] + [fmt(r) for r in cells[1:]])


def update_section(path, name, text, title):
    """Replaces the text between <!-- NAME:begin --> and <!-- NAME:end --> in
    path, appending the section if it is not there, so run.py and large.py
    each own one part of RESULTS.md."""
    begin, end = '<!-- %s:begin -->' % name, '<!-- %s:end -->' % name
    block = '%s\n%s\n%s' % (begin, text.rstrip('\n'), end)
    # run.py and large.py may run at once: one writer at a time
    with open(path + '.lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open(path) as f:
                old = f.read()
        except FileNotFoundError:
            old = title + '\n'
        if begin in old and end in old:
            new = old[:old.index(begin)] + block + old[old.index(end) + len(end):]
        else:
            new = old.rstrip('\n') + '\n\n' + block + '\n'
        tmp = path + '.tmp'
        with open(tmp, 'w') as f:
            f.write(new)
        os.replace(tmp, path)


def fmt_s(x, digits=2):
    if x is None or x != x:
        return '-'
    return ('%.' + str(digits) + 'f') % x


def fmt_size(n):
    if n is None:
        return '-'
    if n >= 10 * 1024 * 1024:
        return '%.0f MB' % (n / 1048576)
    if n >= 1024 * 1024:
        return '%.1f MB' % (n / 1048576)
    return '%.0f KB' % (n / 1024)


def fmt_mem(kb):
    if kb is None:
        return '-'
    if kb >= 2 * 1048576:
        return '%.1f GB' % (kb / 1048576)
    return '%.0f MB' % (kb / 1024) if kb >= 10240 else '%.1f MB' % (kb / 1024)
