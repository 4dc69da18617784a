#!/bin/sh
# ThreadSanitizer over the runtime's threads code: rt/atomic.c's waiter
# table and grow lock under waitnotify.c, and rt/wasi/threads.c's
# thread-spawn under three wasi-threads programs of tests/wasi (a queue on
# wait/notify, 1,000 threads, and threads sharing the WASI descriptor
# table: opens, closes and renumbers racing reads, writes, readdir and
# poll on the same fds), all built here with -fsanitize=thread
# (runtime, WASI library, generated code), with explicit bounds checks
# (no fault handler in the way).  Last line: "N passed, N failed".
#   tests/threads/tsan.sh [BUILDDIR]
# Exits 77 (skipped) without wat2wasm, or a compiler that can't link TSan.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
cc=${CC:-cc}
command -v wat2wasm >/dev/null || { echo "skipped: no wat2wasm"; exit 77; }
work=$(mktemp -d /tmp/w2c-tsan-XXXXXX)
trap 'rm -rf "$work"' EXIT
flags="-O1 -g -fsanitize=thread -DW2C_BOUNDS_CHECKS=1 -I$work -I$root/include -I$root/rt"
echo 'int main(void) { return 0; }' > "$work/probe.c"
$cc -fsanitize=thread "$work/probe.c" -o "$work/probe" 2>/dev/null && "$work/probe" ||
	{ echo "skipped: $cc can't build with -fsanitize=thread"; exit 77; }
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
passed=0
failed=0
result() { # name, ok?
	if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "ok $1"
	else failed=$((failed + 1)); echo "FAIL $1"; fi
}

for m in atom unshared; do
	wat2wasm --enable-threads "$root/tests/threads/$m.wat" -o "$work/$m.wasm" &&
		"$build/w2c" "$work/$m.wasm" -o "$work/$m.c" -n "$m" || exit 1
done
$cc $flags -I"$root/tests/sandbox" "$root/tests/threads/waitnotify.c" "$work/atom.c" \
	"$work/unshared.c" "$root"/rt/*.c -lpthread -lm -o "$work/waitnotify" || exit 1
"$work/waitnotify" not_equal timeouts traps counts many contention grow > "$work/out" 2>&1
tail -n 1 "$work/out" | grep -q ' 0 failed$'
rc=$?
[ $rc = 0 ] || cat "$work/out"
result waitnotify $rc

# wasi-threads programs, when clang can build them
for p in thr_queue thr_spawn1000 thr_fds; do
	if ! clang --target=wasm32-wasi -O2 -matomics -mbulk-memory -nostdlib \
		-Wl,--shared-memory,--import-memory,--max-memory=16777216 \
		-Wl,--export=_start,--export=wasi_thread_start -I"$root/tests/wasi" \
		"$root/tests/wasi/$p.c" "$root/tests/wasi/wasi_thread_start.s" \
		-o "$work/$p.wasm" 2>/dev/null; then
		echo "skip $p: clang can't build for wasm32"
		continue
	fi
	"$build/w2c" "$work/$p.wasm" -o "$work/$p.c" -n prog &&
		$cc $flags "$work/$p.c" "$root/tests/wasi/runner_main.c" "$root"/rt/*.c \
			"$root"/rt/wasi/*.c -lpthread -lm -o "$work/$p" || exit 1
	mkdir "$work/$p.dir" || exit 1
	"$work/$p" --dir "$work/$p.dir::." -- "$p" > "$work/$p.out" 2>&1
	rc=$?
	[ $rc = 0 ] && cmp -s "$work/$p.out" "$root/tests/wasi/$p.expected"
	rc=$?
	[ $rc = 0 ] || cat "$work/$p.out"
	result "$p" $rc
done
echo "$passed passed, $failed failed"
[ $failed = 0 ]
