#!/usr/bin/env bash
# Bounded soak test: the real binary on a free 127.0.0.1 port over a copy
# of data/, sustained concurrent load for SOAK_SECONDS (default 60) from
# scripts/soak.py, documents changed every 5 s during it (reloaded through
# POST /api/v1/admin/reload when the server has that endpoint; otherwise
# reported as not exercised), then: no errors, no unasked-for non-2xx, and
# VmRSS back to its steady level. Prints `soak: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

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
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SERVICEMAP_ADMIN_TOKEN=$token RUST_LOG=warn "$binary" serve --bind "127.0.0.1:$port" --data "$work/data" \
    >"$work/server.log" 2>&1 &
pid=$!
cleanup() {
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; fail "the server exited"; }
    sleep 0.2
done

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
