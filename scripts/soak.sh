#!/usr/bin/env bash
# Bounded soak test: the real binary on 127.0.0.1 port 0 over a copy of
# data/, sustained concurrent load for SOAK_SECONDS (default 60) from
# scripts/soak.py, documents changed every 5 s during it (reloaded through
# POST /api/v1/admin/reload when the server has that endpoint; otherwise
# reported as not exercised), then: no errors, no unasked-for non-2xx, and
# VmRSS back to its steady level. Prints `soak: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
harness soak

seconds=${1:-${SOAK_SECONDS:-60}}
provision base || abort "tools installed (scripts/provision.sh base)"

work=$(mktemp -d)
on_exit rm -rf "$work"
cp -R data "$work/data"
token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
SERVICEMAP_ADMIN_TOKEN=$token serve "$work/server.log" --data "$work/data" ||
    abort "the server starts"

tally timeout $((seconds + 180)) python3 scripts/soak.py --addr "$SERVER_ADDR" --pid "$SERVER_PID" \
    --data "$work/data" --token "$token" --seconds "$seconds"
if kill -0 "$SERVER_PID" 2>/dev/null; then
    pass "the server is alive after the soak"
else
    tail -20 "$work/server.log"
    fail "the server is alive after the soak"
fi
check "the admin token is not in the server log" not grep -q "$token" "$work/server.log"
summary
