#!/usr/bin/env python3
"""Runs WebAssembly spec tests through w2c-generated C harnesses.

    spec_runner.py [options] PATH...

Each PATH is a wast2json command list (X.json), a directory searched for
them (or, with --wast, for X.wast scripts), or a script (X.wast) that
`w2c spectest` reads directly (with --wast2json, wast2json converts it
into the work directory first; exit 77, skipped, without wast2json).  For each file:
`w2c spectest` writes a harness, the C compiler builds it (files compiled
in parallel, $CC and $CFLAGS respected), and the harness runs.  One line
per file, then the total:

    spec: N passed, N failed

Every command of a file counts, those on text-format modules too; a
file whose harness can't be generated, built or run counts all its
commands as failed (a script's count is unknown then: it counts 1).  Exit status 1 if anything failed.
"""
import argparse
import concurrent.futures
import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

RESULT = re.compile(r'^(\d+) passed, (\d+) failed$')


def expected_count(path):
    """The commands of a file that count as tests; None for a script,
    whose harness counts them."""
    if path.endswith('.wast'):
        return None
    with open(path, encoding='utf-8') as f:
        doc = json.load(f)
    return len(doc.get('commands', []))


def convert_wast(paths, workdir, flags=()):
    """The paths with each .wast script replaced by its wast2json command
    list, written under workdir/wast (not in a harness's directory, which
    run_file empties); None if a script did not convert."""
    out = []
    for p in paths:
        if not p.endswith('.wast'):
            out.append(p)
            continue
        name = os.path.splitext(os.path.basename(p))[0]
        dest = os.path.join(workdir, 'wast', name)
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        json_path = os.path.join(dest, name + '.json')
        r = subprocess.run(['wast2json', *flags, p, '-o', json_path], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode != 0:
            print('wast2json %s:\n%s' % (p, r.stdout.decode('utf-8', 'replace').rstrip()))
            return None
        out.append(json_path)
    return out


def same_file(a, b):
    try:
        with open(a, 'rb') as fa, open(b, 'rb') as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def manifest_dirs(root, groups, skip_same_as=None):
    """The JSON directories of a testsuite root holding a MANIFEST.tsv (as
    ../shared/spec3 does) whose feature group is one of `groups`, with
    each directory's group; less those whose .wast is byte for byte the
    one of that name in `skip_same_as` (run elsewhere already)."""
    out = []
    with open(os.path.join(root, 'MANIFEST.tsv'), encoding='utf-8') as f:
        head = f.readline().rstrip('\n').split('\t')
        for line in f:
            row = dict(zip(head, line.rstrip('\n').split('\t')))
            if skip_same_as and same_file(os.path.join(root, row['path']),
                                          os.path.join(skip_same_as,
                                                       os.path.basename(row['path']))):
                continue
            if row.get('group') in groups and row.get('converted') == 'y':
                out.append((os.path.join(root, row['json_dir']), row['group'],
                            os.path.join(root, row['path'])))
    return out


def find_tests(paths, exclude, only, ext='.json'):
    found = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    if f.endswith(ext):
                        found.append(os.path.join(root, f))
        elif os.path.exists(p):
            found.append(p)
        else:
            sys.exit('spec_runner: %s: no such file or directory' % p)
    name = lambda f: os.path.splitext(os.path.basename(f))[0]
    return [f for f in found
            if not any(fnmatch.fnmatch(name(f), pat) for pat in exclude)
            and (not only or any(fnmatch.fnmatch(name(f), pat) for pat in only))]


class Runner:
    def __init__(self, args):
        self.args = args
        self.cc = shlex.split(os.environ.get('CC', 'cc'))
        self.cflags = shlex.split(args.cflags if args.cflags is not None
                                  else os.environ.get('CFLAGS', '-O1'))
        self.pool = concurrent.futures.ThreadPoolExecutor(args.jobs)

    def run_cmd(self, cmd, cwd=None, timeout=None):
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        return p.returncode, p.stdout.decode('utf-8', 'replace')

    def build(self, out):
        """Compiles every .c of the harness in parallel, then links."""
        sources = sorted(f for f in os.listdir(out) if f.endswith('.c'))
        include = ['-I' + d for d in self.args.include]

        def compile_one(src):
            obj = src[:-2] + '.o'
            rc, text = self.run_cmd(self.cc + self.cflags + include +
                                    ['-c', src, '-o', obj], cwd=out,
                                    timeout=self.args.timeout)
            return rc, text, obj

        objs = []
        for rc, text, obj in self.pool.map(compile_one, sources):
            if rc != 0:
                return False, text
            objs.append(obj)
        rc, text = self.run_cmd(self.cc + self.cflags + objs + self.args.lib +
                                ['-lm', '-o', 'harness'], cwd=out,
                                timeout=self.args.timeout)
        return rc == 0, text

    def build_runtime(self, srcdir):
        """Compiles the runtime's sources with this compiler into a static
        library (for cross compilers, which can't use the build's)."""
        out = os.path.join(self.args.workdir, 'runtime')
        os.makedirs(out, exist_ok=True)
        sources = sorted(os.path.join(srcdir, f) for f in os.listdir(srcdir)
                         if f.endswith('.c'))
        include = ['-I' + d for d in self.args.include] + ['-I' + srcdir]

        def compile_one(src):
            obj = os.path.join(out, os.path.basename(src)[:-2] + '.o')
            rc, text = self.run_cmd(self.cc + self.cflags + include +
                                    ['-c', src, '-o', obj])
            return rc, text, obj

        objs = []
        for rc, text, obj in self.pool.map(compile_one, sources):
            if rc != 0:
                sys.exit('spec_runner: the runtime did not build:\n' + text)
            objs.append(obj)
        ar = os.environ.get('AR') or (self.cc[0][:-3] + 'ar' if self.cc[0].endswith('gcc')
                                      else 'ar')
        lib = os.path.join(out, 'libw2c-rt.a')
        if os.path.exists(lib):
            os.remove(lib)
        rc, text = self.run_cmd([ar, 'rcs', lib] + objs)
        if rc != 0:
            sys.exit('spec_runner: %s failed:\n%s' % (ar, text))
        return lib

    def superseded_lines(self, path):
        """The lines of this file's commands that 3.0 reverses (--superseded
        entries naming this file, relative to --superseded-root); each must
        be a command's."""
        if not self.args.superseded_list:
            return set()
        rel = os.path.normpath(os.path.relpath(os.path.abspath(path),
                                               os.path.abspath(self.args.superseded_root)))
        script = rel.endswith('.wast')
        if script and rel.startswith('wast' + os.sep):
            # wast/D/X.wast: its commands have the lines of json/D/X/X.json's
            stem = os.path.splitext(os.path.basename(rel))[0]
            rel = os.path.join('json', os.path.dirname(rel)[5:], stem, stem + '.json')
        lines = {line for name, line in self.args.superseded_list if name == rel}
        if lines and not script:
            with open(path, encoding='utf-8') as f:
                have = {c.get('line') for c in json.load(f).get('commands', [])}
            stale = sorted(lines - have)
            if stale:
                sys.exit('spec_runner: %s: --superseded names no command at line %s'
                         % (path, ', '.join(map(str, stale))))
        return lines

    def run_file(self, path):
        """Returns (passed, failed, notes) for one JSON file, less the
        commands that 3.0 reverses (which count neither way)."""
        sup = self.superseded_lines(path)
        total = expected_count(path)
        if total is not None:
            total -= len(sup)
        name = os.path.splitext(os.path.basename(path))[0]
        out = os.path.join(self.args.workdir, name)
        shutil.rmtree(out, ignore_errors=True)
        try:
            rc, text = self.run_cmd([self.args.w2c, 'spectest', path, '-o', out] +
                                    shlex.split(self.args.w2c_flags or ''),
                                    timeout=self.args.timeout)
            if rc != 0:
                return 0, total or 1, 'w2c spectest failed:\n' + text
            ok, text = self.build(out)
            if not ok:
                return 0, total or 1, 'harness did not build:\n' + text[-3000:]
            rc, text = self.run_cmd(shlex.split(self.args.runner or '') + ['./harness'],
                                    cwd=out, timeout=self.args.timeout)
        except subprocess.TimeoutExpired:
            return 0, total or 1, 'timed out'
        lines = text.rstrip().splitlines()
        m = RESULT.match(lines[-1]) if lines else None
        if not m:
            return 0, total or 1, 'harness crashed (status %d):\n%s' % (rc, text[-3000:])
        passed, failed = int(m.group(1)), int(m.group(2))
        if sup:
            # a superseded command that failed is taken off the failures,
            # one that passed off the passes
            kept, failed_sup = [], set()
            for line in lines[:-1]:
                f = re.match(r'^\S+\.wast:(\d+): ', line)
                if f and int(f.group(1)) in sup:
                    failed_sup.add(int(f.group(1)))
                else:
                    kept.append(line)
            failed -= len(failed_sup)
            passed -= len(sup) - len(failed_sup)
            lines = kept + [lines[-1]]
        notes = '\n'.join(lines[:-1])
        if total is None:
            total = passed + failed
        if passed + failed != total:
            notes += '\n%d commands counted, %d expected' % (passed + failed, total)
            failed = total - passed
        if not self.args.keep and failed == 0:
            shutil.rmtree(out, ignore_errors=True)
        return passed, failed, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('paths', nargs='+')
    ap.add_argument('--w2c', default='w2c', help='the w2c executable')
    ap.add_argument('--include', action='append', default=[],
                    help='a directory holding w2c.h and w2c_gen.h')
    ap.add_argument('--lib', action='append', default=[],
                    help='what to link: the runtime library (default: pkg-config w2c-rt)')
    ap.add_argument('--cflags', help='C flags (default: $CFLAGS or -O1)')
    ap.add_argument('--exclude', action='append', default=[],
                    help='skip files whose name matches this glob')
    ap.add_argument('--glob', action='append', default=[],
                    help='only files whose name matches this glob')
    ap.add_argument('--jobs', '-j', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--timeout', type=int, default=300)
    ap.add_argument('--workdir', help='where harnesses go (default: a temporary directory)')
    ap.add_argument('--keep', action='store_true', help='keep passing harnesses too')
    ap.add_argument('--verbose', '-v', action='store_true', help='print failures')
    ap.add_argument('--skip-missing', action='store_true',
                    help='exit 77 (skipped) when a PATH does not exist')
    ap.add_argument('--runtime-src', metavar='DIR',
                    help='build the runtime from these sources with $CC (cross testing)')
    ap.add_argument('--w2c-flags', help='more options for w2c spectest, e.g. --compress-data')
    ap.add_argument('--wast', action='store_true',
                    help='look for .wast scripts, not .json, in directories')
    ap.add_argument('--wast2json', action='store_true',
                    help='convert .wast scripts with wast2json rather than reading them')
    ap.add_argument('--wast2json-flags',
                    help='options for wast2json, e.g. --enable-tail-call')
    ap.add_argument('--runner', help='a command to run harnesses with, e.g. "qemu-arm -L ..."')
    ap.add_argument('--group', action='append', default=[],
                    help='a PATH with a MANIFEST.tsv stands for the files of this '
                         'feature group (repeatable); totals per group are printed')
    ap.add_argument('--skip-same-as', metavar='DIR',
                    help='with --group: leave out files whose .wast is the same as '
                         'the one of its name in DIR')
    ap.add_argument('--superseded', metavar='FILE',
                    help='a list of 2.0 testsuite commands that WebAssembly 3.0 reverses '
                         '("PATH/NAME.json LINE reason" lines): they count neither way')
    ap.add_argument('--superseded-root', metavar='DIR', default='.',
                    help='the directory --superseded names files in (the 2.0 testsuite)')
    ap.add_argument('--need', action='append', default=[],
                    help='exit 77 (skipped) unless this program is installed')
    args = ap.parse_args()

    args.superseded_list = []
    if args.superseded:
        with open(args.superseded, encoding='utf-8') as f:
            for line in f:
                words = line.split('#', 1)[0].split()
                if words:
                    args.superseded_list.append((os.path.normpath(words[0]), int(words[1])))
    absent = [p for p in args.need if not shutil.which(p)]
    if absent:
        print('spec: skipped: %s not installed' % ', '.join(absent))
        return 77
    if (args.wast2json and any(p.endswith('.wast') for p in args.paths)
            and not shutil.which('wast2json')):
        print('spec: skipped: wast2json (wabt) not found, needed for %s'
              % ', '.join(p for p in args.paths if p.endswith('.wast')))
        return 77
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing and args.skip_missing:
        print('spec: skipped: the spec testsuite is not at %s '
              '(meson option spec_dir)' % ', '.join(missing))
        return 77
    if args.runtime_src:
        args.lib = args.lib or ['-lpthread']
    elif not args.lib:
        try:
            flags = subprocess.run(['pkg-config', '--cflags', '--libs', 'w2c-rt'],
                                   stdout=subprocess.PIPE, check=True).stdout.decode()
        except (OSError, subprocess.CalledProcessError):
            sys.exit('spec_runner: give --include and --lib, or install w2c-rt')
        args.lib = shlex.split(flags)
    # Compiles run inside each harness's directory.
    args.include = [os.path.abspath(d) for d in args.include]
    args.lib = [os.path.abspath(l) if os.path.exists(l) else l for l in args.lib]
    args.w2c = os.path.abspath(args.w2c) if os.path.exists(args.w2c) else args.w2c
    tmp = None
    if not args.workdir:
        tmp = tempfile.mkdtemp(prefix='w2c-spec-')
        args.workdir = tmp
    os.makedirs(args.workdir, exist_ok=True)

    group_of = {}
    if args.group:
        expanded = []
        for p in args.paths:
            if os.path.exists(os.path.join(p, 'MANIFEST.tsv')):
                for d, g, wast in manifest_dirs(p, args.group, args.skip_same_as):
                    if args.wast:
                        d = wast
                        group_of[os.path.normpath(d)] = g
                    else:
                        group_of[os.path.normpath(d)] = g
                    expanded.append(d)
            else:
                expanded.append(p)
        args.paths = expanded
    paths = args.paths
    if args.wast2json:
        paths = convert_wast(paths, args.workdir, shlex.split(args.wast2json_flags or ''))
        if paths is None:
            print('spec: 0 passed, 1 failed')
            return 1
    tests = find_tests(paths, args.exclude, args.glob, '.wast' if args.wast else '.json')
    runner = Runner(args)
    if args.runtime_src:
        args.lib = [runner.build_runtime(os.path.abspath(args.runtime_src))] + args.lib
    total_passed = total_failed = 0
    by_group = {}
    start = time.time()
    # Files run one after another; each one's compiles use every job.
    for path in tests:
        passed, failed, notes = runner.run_file(path)
        total_passed += passed
        total_failed += failed
        name = os.path.splitext(os.path.basename(path))[0]
        where = os.path.normpath(os.path.dirname(path))
        if os.path.normpath(path) in group_of:
            where = os.path.normpath(path)
        if where in group_of:
            g = by_group.setdefault(group_of[where], [0, 0])
            g[0] += passed
            g[1] += failed
        print('%-40s %6d passed, %6d failed' % (name, passed, failed), flush=True)
        if failed and (args.verbose or passed == 0) and notes:
            for line in notes.splitlines()[:40]:
                print('    ' + line)
    if tmp and total_failed == 0:
        shutil.rmtree(tmp, ignore_errors=True)
    elif tmp:
        print('harnesses of failing files are in %s' % tmp)
    for g in sorted(by_group):
        print('group %-28s %6d passed, %6d failed' % (g, by_group[g][0], by_group[g][1]))
    print('%d files in %.0f s' % (len(tests), time.time() - start))
    print('spec: %d passed, %d failed' % (total_passed, total_failed))
    return 1 if total_failed else 0


if __name__ == '__main__':
    sys.exit(main())
