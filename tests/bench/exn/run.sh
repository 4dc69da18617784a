#!/bin/sh
# The cost of exception handling, w2c against node: ns per iteration of
# each loop of exn.wat.  Usage: tests/bench/exn/run.sh [N]
#   W2C  (default build/w2c), NODE (default node), CC (cc), CFLAGS (-O2),
#   WASM_REF (../shared/spec3/tools/wasm-ref: encodes exn.wat)
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
W2C=${W2C:-$root/build/w2c}
NODE=${NODE:-node}
WASM_REF=${WASM_REF:-$root/../shared/spec3/tools/wasm-ref}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$WASM_REF" -d "$here/exn.wat" -o "$tmp/exn.wasm"
"$W2C" "$tmp/exn.wasm" -o "$tmp/exn.c"
${CC:-cc} ${CFLAGS:--O2} -I"$tmp" -I"$root/include" "$here/driver.c" "$tmp/exn.c" \
	"$(dirname "$W2C")/libw2c-rt.a" -lpthread -lm -o "$tmp/exn"
echo "w2c ($(${CC:-cc} --version | head -1)):"
"$tmp/exn" "$@"
echo "node $("$NODE" --version):"
"$NODE" "$here/node.mjs" "$tmp/exn.wasm" "$@"
