#!/bin/sh
# Converts tests/gc/*.wast into json/ (wast2json's format) with the 3.0
# reference interpreter, which checks collect.wast's, sizes.wast's,
# canon.wast's and fuzzed.wast's assertions first (heap-limit.wast's traps
# are w2c's, under W2C_GC_HEAP_MAX, and fuzzed-exn.wast's are node's: not
# checked).
# Usage: tests/gc/convert.sh [SPEC3_DIR]   (default ../shared/spec3)
set -e
cd "$(dirname "$0")"
spec3=${1:-../../../shared/spec3}
"$spec3/tools/wasm-ref" collect.wast
"$spec3/tools/wasm-ref" sizes.wast
"$spec3/tools/wasm-ref" canon.wast
"$spec3/tools/wasm-ref" fuzzed.wast
rm -rf json
python3 "$spec3/tools/wast2json3.py" . json collect.wast heap-limit.wast sizes.wast canon.wast \
    fuzzed.wast fuzzed-exn.wast
"$spec3/tools/wasm-ref" handles.wat -o handles.wasm
