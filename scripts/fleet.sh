#!/usr/bin/env bash
# Three replicas behind HAProxy (deploy/haproxy/haproxy.cfg), under wrk:
# `kill -9` of one replica mid-run, then a rolling restart onto changed
# documents, each replica drained by SIGTERM. Passes when neither drops a
# request and every replica ends on the new version; prints the counts.
# Only 127.0.0.1; every wait is bounded; only processes started here are
# stopped, by PID.
#
#   bash scripts/fleet.sh [SECONDS_PER_PHASE]   (default 12)
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
harness fleet

duration=${1:-12}
need haproxy || abort "haproxy is not installed"
need wrk || abort "wrk is not installed"
need curl || abort "curl is not installed"
if [[ -z ${SERVICEMAP_BIN:-} && -x $TARGET_DIR/release/servicemap ]]; then
    SERVICEMAP_BIN=$TARGET_DIR/release/servicemap
fi
build_server || abort "cannot build the server"

work=$(mktemp -d)
on_exit rm -rf "$work"
mkdir -p "$work/data"
cp data/*.md data/*.txt "$work/data/"

pids=() addrs=()
# replica I [ADDR]: starts replica I (on ADDR once it has one).
replica() {
    local i=$1 bind=${2:-127.0.0.1:0}
    start_server "$work/r$i.log" "$SERVICEMAP_BIN" serve --bind "$bind" \
        --data "$work/data" --watch false --drain-delay 2 --shutdown-timeout 10 ||
        return 1
    pids[i]=$SERVER_PID
    addrs[i]=$SERVER_ADDR
    wait_ready "http://$SERVER_ADDR/readyz"
}
for i in 0 1 2; do
    require "replica $i starts" replica "$i"
done

# HAProxy on a free port of its own choosing is not possible: try a few.
port=
for _ in 1 2 3 4 5; do
    candidate=$((20000 + RANDOM % 20000))
    sed -e "s/127.0.0.1:8080/127.0.0.1:$candidate/" \
        -e "s/127.0.0.1:8081/${addrs[0]}/" \
        -e "s/127.0.0.1:8082/${addrs[1]}/" \
        -e "s/127.0.0.1:8083/${addrs[2]}/" \
        deploy/haproxy/haproxy.cfg >"$work/haproxy.cfg"
    haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
    haproxy_pid=$!
    on_exit kill "$haproxy_pid"
    if wait_ready "http://127.0.0.1:$candidate/readyz" 2>/dev/null; then
        port=$candidate
        break
    fi
    kill "$haproxy_pid" 2>/dev/null
done
[[ -n $port ]] || abort "haproxy does not start: $(tail -5 "$work/haproxy.log")"
pass "haproxy on 127.0.0.1:$port in front of ${addrs[*]}"
front=http://127.0.0.1:$port

# load NAME: wrk through HAProxy for $duration s, its report in NAME.wrk.
load() {
    timeout $((duration + 30)) wrk -t2 -c32 -d"${duration}s" --timeout 10s \
        "$front/api/v1/nodes?limit=5" >"$work/$1.wrk" 2>&1
}

# counts NAME: prints the counts of a wrk report; fails on any error.
counts() {
    local report=$work/$1.wrk requests non2xx errors
    requests=$(awk '/requests in/ {print $1}' "$report")
    non2xx=$(awk -F': ' '/Non-2xx/ {print $2}' "$report")
    errors=$(awk -F'Socket errors: ' '/Socket errors/ {print $2}' "$report")
    echo "::    $1: ${requests:-0} requests, ${non2xx:-0} non-2xx, socket errors: ${errors:-none}"
    [[ -n $requests && $requests -gt 0 && -z $non2xx && -z $errors ]]
}

version_of() { curl -fsS -m 5 "http://$1/readyz" | sed 's/.*"version":"\([^"]*\)".*/\1/'; }
old_version=$(version_of "${addrs[0]}")

# Phase 1: a replica dies mid-run; HAProxy retries what it had elsewhere.
load kill9 &
wrk_pid=$!
sleep $((duration / 3))
kill -9 "${pids[1]}"
note "kill -9 replica 1 (pid ${pids[1]})"
sleep 2
require "replica 1 comes back on ${addrs[1]}" replica 1 "${addrs[1]}"
wait "$wrk_pid"
check "kill -9 mid-run drops no request" counts kill9

# Phase 2: new documents, then each replica in turn drained and restarted.
cat >"$work/data/fleet-added.md" <<'DOC'
```mermaid
mindmap
  Fleet Check
    Added In A Rolling Restart
```
DOC
load rolling &
wrk_pid=$!
sleep 1
for i in 0 1 2; do
    kill -TERM "${pids[i]}"
    deadline=$((SECONDS + 20))
    while kill -0 "${pids[i]}" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "${pids[i]}" 2>/dev/null; then fail "replica $i drains within 20 s"; fi
    require "replica $i restarts on ${addrs[i]}" replica "$i" "${addrs[i]}"
    sleep 1.5 # two health checks: back in the pool
done
wait "$wrk_pid"
check "a rolling restart drops no request" counts rolling
grep -h "draining\|shutdown signal" "$work"/r*.log | head -3 | sed 's/^/::    /'

versions=()
for i in 0 1 2; do versions+=("$(version_of "${addrs[i]}")"); done
note "versions: before $old_version, after ${versions[*]}"
check "every replica serves the new version" \
    test "${versions[0]}" = "${versions[1]}" -a "${versions[1]}" = "${versions[2]}" \
    -a "${versions[0]}" != "$old_version"
summary
