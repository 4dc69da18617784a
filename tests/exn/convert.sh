#!/bin/sh
# Converts tests/exn/*.wast into tests/exn/json/ with the 3.0 reference
# interpreter (wast2json's format; wabt's wast2json predates try_table),
# which also checks every assertion of cross.wast.
# Usage: tests/exn/convert.sh [SPEC3_DIR]   (default ../shared/spec3)
set -e
cd "$(dirname "$0")"
spec3=${1:-../../../shared/spec3}
"$spec3/tools/wasm-ref" cross.wast
rm -rf json
python3 "$spec3/tools/wast2json3.py" . json
