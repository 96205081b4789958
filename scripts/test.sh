#!/usr/bin/env bash
# Runs every test file with Node's own test runner (tsx loads the TypeScript).
# Model, tool and corpus tests skip with a printed reason when what they need is absent.
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."
export LANCEDB_LOG="${LANCEDB_LOG:-error}"
files=(test/**/*.test.ts)
if [ "$#" -gt 0 ]; then files=("$@"); fi
exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
