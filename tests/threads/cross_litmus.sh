#!/bin/sh
# The litmus test (litmus.c) on a weakly ordered host: translated,
# cross-compiled with the runtime for aarch64 and run under qemu-aarch64.
#   tests/threads/cross_litmus.sh [BUILDDIR]     ($W2C_LITMUS_N iterations)
# Exits 77 (skipped) without the cross compiler, qemu or wat2wasm.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
triple=${W2C_CROSS_TRIPLE:-aarch64-linux-gnu}
qemu=${W2C_CROSS_QEMU:-qemu-aarch64}
for p in "$triple-gcc" "$qemu" wat2wasm; do
	command -v "$p" >/dev/null || { echo "skipped: no $p"; exit 77; }
done
work=$(mktemp -d /tmp/w2c-litmus-XXXXXX)
trap 'rm -rf "$work"' EXIT
wat2wasm --enable-threads "$root/tests/threads/litmus.wat" -o "$work/litmus.wasm"
"$build/w2c" "$work/litmus.wasm" -o "$work/litmus.c" -n litmus
"$triple-gcc" -O2 -Wall -Wextra -Werror -I"$work" -I"$root/include" -I"$root/rt" \
	-I"$root/tests/sandbox" "$root/tests/threads/litmus.c" "$work/litmus.c" \
	"$root"/rt/*.c -lpthread -lm -o "$work/litmus"
"$qemu" -L "/usr/$triple" "$work/litmus"
