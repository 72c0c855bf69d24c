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

(cd web && node --test test/)

cd tests/e2e
node --test --test-concurrency=1 --test-timeout=120000 dashboard.test.js
