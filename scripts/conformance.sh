#!/usr/bin/env bash
# Mermaid conformance: servicemap reads the mindmap cases taken from
# Mermaid's own tests and docs (../shared/conformance/mermaid-mindmap-cases.json
# beside the clone, or MERMAID_CASES) and agrees with the tree Mermaid makes
# of each, apart from the dialect's documented differences. The test is
# tests/documents/conformance.rs; here the cases file is required, so a
# missing file fails instead of skipping. Prints the test's count line,
# `mermaid conformance: N cases ran, N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

export MERMAID_CASES=${MERMAID_CASES:-$PWD/../shared/conformance/mermaid-mindmap-cases.json}
export MERMAID_CASES_REQUIRED=1
if [[ ! -f $MERMAID_CASES ]]; then
    echo "mermaid conformance: no cases at $MERMAID_CASES"
    echo "mermaid conformance: 0 cases ran, 0 passed, 1 failed"
    exit 1
fi
out=$(cargo test --locked --test documents conformance -- --nocapture 2>&1)
status=$?
printf '%s\n' "$out" | grep -v '^mermaid conformance:'
line=$(printf '%s\n' "$out" | grep '^mermaid conformance:' | tail -n 1)
echo "${line:-mermaid conformance: the test did not run}"
[[ $status == 0 && -n $line ]]
