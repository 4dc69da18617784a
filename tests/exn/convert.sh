#!/bin/sh
# Converts tests/exn/*.wast into tests/exn/json/ (wast2json's format) with
# the 3.0 reference interpreter, which also checks every assertion of
# cross.wast and faults.wast, and legacy/*.wast with wabt's wast2json (the
# interpreter doesn't parse the legacy instructions, wabt 1.0.32 doesn't
# parse try_table).
# Usage: tests/exn/convert.sh [SPEC3_DIR]   (default ../shared/spec3)
set -e
cd "$(dirname "$0")"
spec3=${1:-../../../shared/spec3}
"$spec3/tools/wasm-ref" cross.wast faults.wast
rm -rf json
python3 "$spec3/tools/wast2json3.py" . json cross.wast store.wast faults.wast
mkdir -p json/legacy
wast2json --enable-exceptions legacy/legacy.wast -o json/legacy/legacy.json
wast2json --enable-exceptions legacy/faults.wast -o json/legacy/faults.json
