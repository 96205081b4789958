#!/usr/bin/env bash
# Runs every test file with Node's own test runner (tsx loads the TypeScript).
# Model, tool and corpus tests skip with a printed reason when what they need is absent.
# Two reporters: node's spec output (with its own closing lines), then one plain line
# `N passed, N failed, N skipped` that also counts the tests inside skipped suites (test/helpers/summary-reporter.ts).
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."
export LANCEDB_LOG="${LANCEDB_LOG:-error}"
files=(test/**/*.test.ts)
if [ "$#" -gt 0 ]; then files=("$@"); fi
exec node --import tsx --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./test/helpers/summary-reporter.mjs --test-reporter-destination=stdout "${files[@]}"
