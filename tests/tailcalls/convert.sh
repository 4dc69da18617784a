#!/bin/sh
# Converts tests/tailcalls/handlers.wast, exnref.wast and table64.wast into json/ (wast2json's format)
# with the 3.0 reference interpreter, which also checks its assertions
# (wabt 1.0.32 doesn't parse try_table).
# Usage: tests/tailcalls/convert.sh [SPEC3_DIR]   (default ../shared/spec3)
set -e
cd "$(dirname "$0")"
spec3=${1:-../../../shared/spec3}
"$spec3/tools/wasm-ref" handlers.wast exnref.wast table64.wast
rm -rf json
python3 "$spec3/tools/wast2json3.py" . json handlers.wast exnref.wast table64.wast
