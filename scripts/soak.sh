#!/usr/bin/env bash
# Bounded soak test: the real binary on a free 127.0.0.1 port over a copy
# of data/, sustained concurrent load for SOAK_SECONDS (default 60) from
# scripts/soak.py, documents changed every 5 s during it (reloaded through
# POST /api/v1/admin/reload when the server has that endpoint; otherwise
# reported as not exercised), then: no errors, no unasked-for non-2xx, and
# VmRSS back to its steady level. Prints `soak: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

seconds=${1:-${SOAK_SECONDS:-60}}

fail() {
    echo "soak: $*"
    echo "soak: 0 passed, 1 failed"
    exit 1
}

timeout 1200 cargo build --locked --bin servicemap || fail "the binary does not build"
binary=${CARGO_TARGET_DIR:-target}/debug/servicemap

work=$(mktemp -d)
cp -R data "$work/data"
token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
port=$(free_port)
SERVICEMAP_ADMIN_TOKEN=$token RUST_LOG=warn "$binary" serve --bind "127.0.0.1:$port" --data "$work/data" \
    >"$work/server.log" 2>&1 &
pid=$!
cleanup() {
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
wait_ready "$port" "$pid" "$work/server.log"

timeout $((seconds + 180)) python3 scripts/soak.py --port "$port" --pid "$pid" \
    --data "$work/data" --token "$token" --seconds "$seconds"
status=$?
if ! kill -0 "$pid" 2>/dev/null; then
    tail -20 "$work/server.log"
    fail "the server died during the soak"
fi
if grep -q "$token" "$work/server.log"; then
    fail "the admin token appears in the server log"
fi
exit $status
