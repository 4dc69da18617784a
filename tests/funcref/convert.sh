#!/bin/sh
# Converts tests/funcref/*.wast into tests/funcref/json/ (wast2json's
# format) with the 3.0 reference interpreter, which first checks every
# assertion.
# Usage: tests/funcref/convert.sh [SPEC3_DIR]   (default ../shared/spec3)
set -e
cd "$(dirname "$0")"
spec3=${1:-../../../shared/spec3}
"$spec3/tools/wasm-ref" funcref.wast
"$spec3/tools/wasm-ref" dispatch.wast
rm -rf json
python3 "$spec3/tools/wast2json3.py" . json funcref.wast dispatch.wast
