#!/bin/sh
# The whole core spec testsuite on a 32-bit host (armhf), a big-endian
# one (s390x) and a NEON one (aarch64, the SIMD fast path's other form):
# harnesses and runtime cross-compiled, run under qemu-user.
#   tests/cross.sh [BUILDDIR] [SPECDIR]
# Needs gcc-arm-linux-gnueabihf, gcc-s390x-linux-gnu, gcc-aarch64-linux-gnu,
# their libc6-dev cross packages and qemu-user.  Last line: "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
spec=${2:-$root/../shared/spec}
total_p=0
total_f=0
for arch in arm-linux-gnueabihf:qemu-arm s390x-linux-gnu:qemu-s390x aarch64-linux-gnu:qemu-aarch64; do
	triple=${arch%%:*}
	qemu=${arch#*:}
	out=$(CC=$triple-gcc python3 "$root/tests/spec_runner.py" --w2c "$build/w2c" \
		--include "$root/include" --runtime-src "$root/rt" \
		--runner "$qemu -L /usr/$triple" --need "$triple-gcc" --need "$qemu" \
		--cflags "-O2 -Wall -Wextra -Werror" "$spec/json/core")
	echo "$out" | grep -v ' 0 failed$'
	line=$(echo "$out" | tail -n 1)
	echo "$triple: $line"
	p=$(echo "$line" | sed -n 's/^spec: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$line" | sed -n 's/^spec: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	total_p=$((total_p + ${p:-0}))
	total_f=$((total_f + ${f:-1}))
done
echo "$total_p passed, $total_f failed"
[ "$total_f" = 0 ]
