#!/bin/sh
# run.sh [BUILD]: the kernels of kernel.wat.in with a 32- and a 64-bit
# memory, at -O2, with guard pages and with explicit checks ($CC, default cc).
set -e
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for a in i32 i64; do
	sed "s/A\./$a./g; s/ A / $a /g; s/(param \$n A)/(param \$n $a)/; s/(local \$i A)/(local \$i $a)/" \
		"$here/kernel.wat.in" > "$work/kernel_$a.wat"
	wat2wasm --enable-memory64 "$work/kernel_$a.wat" -o "$work/kernel.wasm"
	"$build/w2c" "$work/kernel.wasm" -o "$work/kernel.c"
	for b in 0 1; do
		${CC:-cc} -O2 -DW2C_BOUNDS_CHECKS=$b -I"$here/../../../include" -I"$work" \
			"$work/kernel.c" "$here/driver.c" "$build/libw2c-rt.a" -lpthread -lm \
			-o "$work/k"
		printf '%s memory, %s: ' $a "$([ $b = 1 ] && echo 'explicit checks' || echo 'guard pages')"
		"$work/k"
	done
done
