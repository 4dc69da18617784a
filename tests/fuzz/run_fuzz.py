#!/usr/bin/env python3
"""Runs the libFuzzer target over the translator for a bounded time.

    run_fuzz.py --fuzzer FUZZ_TRANSLATE [--seconds N] [--spec-dir DIR]
                [--corpus DIR] [--jobs J] [--save-dir DIR]

The seed corpus is made at run time: every .wasm under --spec-dir (the
spec testsuite's modules, ../shared/spec/json/core).  wasm.dict gives the
mutator opcodes, types and section headers to splice in.  New inputs libFuzzer
finds go to --corpus (by default a scratch directory, thrown away), so
give a lasting directory to carry coverage from one run to the next.

libFuzzer runs in fork mode, carrying on past crashes, so a run always
lasts --seconds and finds what it can.  Each crash, leak, timeout or
out-of-memory input is minimized (within a minute) and copied to
--save-dir with the sanitizer's summary line; inputs with the same
summary (the same place in the code) count as one.  To make one a
regression test, copy it into tests/fuzz/regressions/ under a name that
says what it was, and note it in the README there.

Prints libFuzzer's statistics: how many inputs ran, the coverage reached
and the corpus size, then "fuzz: N passed, N failed": a run with no crash
is one test passed, each distinct crash one failed (a million inputs
aren't a million tests).  Exits 77 (skipped)
with --skip REASON, which meson passes when the target isn't built.

Longer runs, e.g. an hour on every core with a lasting corpus:

    tests/fuzz/run_fuzz.py --fuzzer build/tests/fuzz/fuzz_translate \\
        --seconds 3600 --jobs $(nproc) --corpus ~/w2c-fuzz-corpus
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ARTIFACT = re.compile(r'^(crash|leak|timeout|oom|slow-unit)-')


def make_seeds(spec_dir, dest):
    """Copies the spec modules into one flat directory; returns the count."""
    n = 0
    if spec_dir and os.path.isdir(spec_dir):
        for root, _, files in os.walk(spec_dir):
            for f in sorted(files):
                if f.endswith('.wasm'):
                    rel = os.path.relpath(os.path.join(root, f), spec_dir)
                    shutil.copy(os.path.join(root, f),
                                os.path.join(dest, rel.replace(os.sep, '-')))
                    n += 1
    return n


def last_stats(log):
    """(inputs run, coverage, corpus size) from libFuzzer's output: the
    final statistics where it prints them (not in fork mode), else its
    last progress line ("#RUNS ... cov: N ... corp: N")."""
    final = progress = None
    cov = corp = 0
    for line in log.splitlines():
        m = re.match(r'stat::number_of_executed_units:\s*(\d+)', line)
        if m:
            final = int(m.group(1))
        m = re.match(r'#(\d+):?\s.*\bcov: (\d+).*\bcorp: (\d+)', line)
        if m:
            progress, cov, corp = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return (final if final is not None else progress or 0), cov, corp


def summary_of(log):
    """The sanitizer's one-line summary of a crash, or the first error."""
    for line in log.splitlines():
        if line.startswith('SUMMARY:'):
            return line
    for line in log.splitlines():
        if 'ERROR' in line or 'runtime error' in line or 'fuzz_translate:' in line:
            return line.strip()
    return '(no summary)'


def minimize(fuzzer, path, dest, seconds):
    """Minimizes a crashing input; returns the path of the smallest one."""
    out = os.path.join(dest, 'min-' + os.path.basename(path))
    try:
        subprocess.run([fuzzer, '-minimize_crash=1', '-max_total_time=%d' % seconds,
                        '-exact_artifact_path=' + out, path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        pass
    return out if os.path.exists(out) else path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--fuzzer', help='the fuzz_translate executable')
    ap.add_argument('--seconds', type=int, default=120, help='how long to fuzz')
    ap.add_argument('--spec-dir', help='where the seed modules are (json/core)')
    ap.add_argument('--corpus', help='a lasting corpus directory (default: scratch)')
    ap.add_argument('--jobs', '-j', type=int, default=1,
                    help='fuzzing processes at once (libFuzzer -fork)')
    ap.add_argument('--save-dir', help='where crashing inputs go (default: ./fuzz-crashes)')
    ap.add_argument('--workdir', help='scratch space (default: a temporary directory)')
    ap.add_argument('--skip', metavar='REASON', help='print REASON and exit 77')
    args = ap.parse_args()

    if args.skip or args.seconds <= 0:
        print('fuzz: skipped: %s' % (args.skip or 'no time given (--seconds 0)'))
        return 77
    if not args.fuzzer or not os.path.exists(args.fuzzer):
        sys.exit('run_fuzz: no fuzzer executable (--fuzzer)')
    fuzzer = os.path.abspath(args.fuzzer)
    save_dir = os.path.abspath(args.save_dir or 'fuzz-crashes')
    work = tempfile.mkdtemp(prefix='w2c-fuzz-', dir=args.workdir)
    try:
        seeds = os.path.join(work, 'seeds')
        artifacts = os.path.join(work, 'artifacts')
        corpus = os.path.abspath(args.corpus) if args.corpus else os.path.join(work, 'corpus')
        for d in (seeds, artifacts, corpus):
            os.makedirs(d, exist_ok=True)
        nseeds = make_seeds(args.spec_dir, seeds)
        cmd = [fuzzer, '-fork=%d' % max(args.jobs, 1), '-ignore_crashes=1',
               '-ignore_timeouts=1', '-ignore_ooms=1', '-max_total_time=%d' % args.seconds,
               '-print_final_stats=1', '-timeout=20', '-rss_limit_mb=2048', '-max_len=65536',
               '-dict=' + os.path.join(HERE, 'wasm.dict'),
               '-artifact_prefix=' + artifacts + '/', corpus, seeds]
        print('fuzz: %d seed modules from %s, for %d s' % (nseeds, args.spec_dir, args.seconds),
              flush=True)
        env = dict(os.environ, W2C_FUZZ_TMP=work)
        env.setdefault('ASAN_OPTIONS', 'detect_leaks=1')
        env.setdefault('UBSAN_OPTIONS', 'print_stacktrace=1')
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                           timeout=args.seconds + 600)
        log = p.stdout.decode('utf-8', 'replace')
        with open(os.path.join(work, 'fuzz.log'), 'w') as f:
            f.write(log)
        runs, cov, corp = last_stats(log)

        found = sorted(f for f in os.listdir(artifacts)
                       if ARTIFACT.match(f) and not f.startswith('slow-unit'))
        if found:
            os.makedirs(save_dir, exist_ok=True)
        summaries = set()
        for f in found:
            path = os.path.join(artifacts, f)
            try:
                rerun = subprocess.run([fuzzer, '-timeout=20', '-rss_limit_mb=2048', path],
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       env=env, timeout=120)
                summary = summary_of(rerun.stdout.decode('utf-8', 'replace'))
            except subprocess.TimeoutExpired:
                summary = 'hangs'
            if f.startswith(('timeout', 'oom')) and summary == '(no summary)':
                summary = f.split('-')[0]
            if summary in summaries:
                continue  # the same bug again
            summaries.add(summary)
            kept = os.path.join(save_dir, f)
            shutil.copy(minimize(fuzzer, path, artifacts, 60), kept)
            print('%s: %s' % (kept, summary))
        failed = len(summaries)
        if p.returncode != 0 and not found:
            failed += 1
            print('fuzz: the fuzzer stopped with status %d and no input to show:' % p.returncode)
            for line in log.splitlines()[-20:]:
                print('    ' + line)
        print('fuzz: %d inputs run in %d s, coverage %d, corpus %d inputs' %
              (runs, args.seconds, cov, corp))
        print('fuzz: %d passed, %d failed' % (0 if failed else 1, failed))
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
