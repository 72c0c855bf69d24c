#!/usr/bin/env bash
# End-to-end tests of the dashboard: installs what a fresh Debian machine
# lacks (Chromium, Node.js/npm, the test's npm packages), builds the
# binary, then runs tests/e2e with node's test runner.
#
#   SERVICEMAP_BIN   test this binary instead of building target/debug/servicemap
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

provision e2e

(cd tests/e2e && npm ci --no-audit --no-fund)

if [ -z "${SERVICEMAP_BIN:-}" ]; then
    cargo build --locked
    target="${CARGO_TARGET_DIR:-target}"
    export SERVICEMAP_BIN="$(cd "$target" && pwd)/debug/servicemap"
fi

# Runs `node --test ARGS...` with the readable report on stdout and TAP
# in a file, then prints "NAME: N passed, N failed" from the TAP summary.
counted() {
    local name=$1; shift
    local tap status
    tap=$(mktemp)
    set +e
    node --test --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$tap" "$@"
    status=$?
    set -e
    local passed failed
    passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)
    failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)
    rm -f "$tap"
    echo "$name: ${passed:-0} passed, ${failed:-0} failed"
    return $status
}

(cd web && counted "dashboard unit tests" test/)

cd tests/e2e
counted "dashboard end-to-end tests" --test-concurrency=1 --test-timeout=900000 dashboard.test.js
