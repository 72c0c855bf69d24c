#!/usr/bin/env bash
# Benchmarks, end to end: in-process (criterion), over HTTP (wrk against the
# release binary, each figure a ratio to a static-JSON baseline measured in
# the same run), start-up to ready and peak RSS at each size, and throughput
# while the largest data set reloads (where the server can reload). Writes
# BENCHMARKS.md.
#
#   scripts/bench.sh           full run: seed, 10k, 100k and 1M edges, and a second
#                              1M shape (few large documents, long names) for
#                              start-up, memory and name resolution (about 25 min)
#   scripts/bench.sh --quick   smoke run: seed and 10k, short wrk runs; checks
#                              that nothing crashes; does not touch BENCHMARKS.md
#
# Load is sent to 127.0.0.1 only and every wrk run stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# Servers here do not watch their data folder: serving is measured as is,
# reloads only where asked for (the reload step).
export SERVICEMAP_WATCH=false
OUT=$(mktemp -d /tmp/servicemap-bench.XXXXXX)
on_exit rm -rf "$OUT"
trap 'echo "bench: failed at line $LINENO" >&2' ERR
for signal in HUP INT TERM; do
    # shellcheck disable=SC2064
    trap "echo 'bench: stopped by SIG$signal' >&2; exit 1" "$signal"
done

provision bench

if [[ $QUICK == 1 ]]; then
    SIZES=(10k)
    SHAPES=()
    DURATION=2
    ROUNDS=1
    BENCH_SIZES=seed
else
    SIZES=(10k 100k 1m)
    # Other shapes of map at 1M edges: measured for start-up, memory and
    # name resolution, where the shape is what changes the cost.
    SHAPES=(1m-long)
    DURATION=3
    ROUNDS=5
    BENCH_SIZES=seed,10k,100k,1m
fi
THREADS=1
CONNECTIONS=32

declare -A SPEC=(
    [10k]="--categories 20 --services 1000 --edges 10000"
    [100k]="--categories 100 --services 10000 --edges 100000"
    [1m]="--categories 500 --services 100000 --edges 1000000"
    [1m-long]="--categories 400 --services 100000 --edges 1000000 --categories-per-file 40 --names long"
)

echo "::: build"
build_release
BIN=$CARGO_TARGET_DIR/release/servicemap
GEN=$CARGO_TARGET_DIR/release/servicemap-gen
BASELINE=$CARGO_TARGET_DIR/release/examples/baseline

for size in "${SIZES[@]}" "${SHAPES[@]}"; do
    if [[ ! -f bench-data/$size/PAIR.txt ]]; then
        echo "::: generate $size"
        # shellcheck disable=SC2086
        "$GEN" ${SPEC[$size]} --seed 1 --out "bench-data/$size" >/dev/null
    fi
done

field() { sed -n "s/^$2: //p" "bench-data/$1/PAIR.txt"; }
enc() { python3 scripts/bench_report.py quote "$1"; }

# start LOG CMD...: the server's address in ADDR, its pid in SERVER_PID
# (scripts/lib.sh); a server that does not start ends the run.
start() {
    start_server "$@" || { echo "bench: the server did not start" >&2; exit 1; }
    ADDR=$SERVER_ADDR
}
stop() { stop_server "$1"; }

# CPU time a process has used, in microseconds.
cpu_us() { awk -v t="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000000 / t}' "/proc/$1/stat"; }

# One wrk run against the server with PID $2: prints "req/s p50_ms p99_ms
# errors cpu_us_per_request" (the server's CPU time per answered request).
run_wrk() {
    local url=$1 pid=$2
    local text before after
    before=$(cpu_us "$pid")
    text=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")
    after=$(cpu_us "$pid")
    python3 scripts/bench_report.py wrk "$((after - before))" <<<"$text"
}

# http_bench LABEL DATA QUERY...: HTTP figures for one data set, each query
# right after a baseline run; the server gets $SERVER_FLAGS as well.
http_bench() {
    local label=$1 data=$2; shift 2
    local queries=("$@")
    start "$OUT/base-$label.log" "$BASELINE" 127.0.0.1:0 640
    local base_pid=$SERVER_PID base_addr=$ADDR
    # shellcheck disable=SC2086 # the flags are words
    start "$OUT/server-$label.log" "$BIN" serve --bind 127.0.0.1:0 --data "$data" ${SERVER_FLAGS:-}
    local server_pid=$SERVER_PID server_addr=$ADDR
    # listening comes before ready: wait for the graph.
    wait_ready "http://$server_addr/readyz"
    for query in "${queries[@]}"; do
        local status
        status=$(curl -s -o "$OUT/body" -w '%{http_code}' "http://$server_addr$query")
        if [[ $status != 200 ]]; then
            echo "bench: $query answered $status: $(head -c 300 "$OUT/body")" >&2
            exit 1
        fi
        local bytes
        bytes=$(wc -c <"$OUT/body")
        echo "    $query ($bytes bytes)" >&2
        # Rounds of baseline then query, so drift on a shared machine
        # touches both sides of each ratio alike.
        local bases=() qs=() round base q
        for round in $(seq 1 "$ROUNDS"); do
            base=$(run_wrk "http://$base_addr/static" "$base_pid")
            q=$(run_wrk "http://$server_addr$query" "$server_pid")
            bases+=("$base")
            qs+=("$q")
            echo "      round $round baseline: $base   query: $q" >&2
        done
        echo "$label|$query|$bytes|$(IFS=';'; echo "${bases[*]}")|$(IFS=';'; echo "${qs[*]}")" >>"$OUT/http.txt"
    done
    stop "$server_pid"
    stop "$base_pid"
}

echo "::: http"
: >"$OUT/http.txt"
seed_queries=(
    "/api/v1/edges?relation=integrates%20with&target=Synapse"
    "/api/v1/nodes/AKS"
    "/api/v1/path?from=AKS&to=VMSS"
    "/api/v1/ask?q=what%20integrates%20with%20Synapse"
    "/api/v1/query?q=$(enc "MATCH (a {name: 'Azure Kubernetes Service'})-[r]->(b) RETURN b.name, type(r)")"
)
http_bench seed data "${seed_queries[@]}"
# wrk asks the same thing again and again, which the answer cache serves;
# the same queries with the cache off show what computing an answer costs.
SERVER_FLAGS="--answer-cache-mb 0" http_bench "seed, no answer cache" data "${seed_queries[@]}"
largest=${SIZES[-1]}
hub=$(enc "$(field "$largest" hub)")
from=$(enc "$(field "$largest" from)")
to=$(enc "$(field "$largest" to)")
http_bench "$largest" "bench-data/$largest" \
    "/api/v1/edges?relation=integrates%20with&target=$hub" \
    "/api/v1/nodes/$hub" \
    "/api/v1/path?from=$from&to=$to" \
    "/api/v1/path?from=$from&to=$to&k=5" \
    "/api/v1/nodes/$hub/neighbors?depth=2" \
    "/api/v1/ask?q=$(enc "what integrates with $(field "$largest" hub)")" \
    "/api/v1/query?q=$(enc "MATCH (a {name: '$(field "$largest" from)'})-[r]->(b) RETURN b.name, type(r)")"

echo "::: start-up and memory"
: >"$OUT/startup.txt"
TICKS=$(getconf CLK_TCK)
for size in seed "${SIZES[@]}" "${SHAPES[@]}"; do
    data=bench-data/$size
    [[ $size == seed ]] && data=data
    # `check` exits 1 when the data has findings; the count is what is read.
    edges=$({ "$BIN" check "$data" 2>/dev/null || true; } | sed -n 's/.* \([0-9]*\) relation edges.*/\1/p')
    for run in 1 2 3 4 5; do
        t0=$(date +%s%N)
        start "$OUT/startup.log" "$BIN" serve --bind 127.0.0.1:0 --data "$data"
        until curl -sf "http://$ADDR/readyz" >/dev/null 2>&1; do sleep 0.005; done
        t1=$(date +%s%N)
        hwm=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")
        rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
        cpu=$(awk -v t="$TICKS" '{printf "%.3f", ($14 + $15) / t}' "/proc/$SERVER_PID/stat")
        stop "$SERVER_PID"
        echo "$size $run $(( (t1 - t0) / 1000000 )) $hwm $rss $cpu $edges" >>"$OUT/startup.txt"
        echo "    $size run $run: ready in $(( (t1 - t0) / 1000000 )) ms, VmHWM $hwm kB, cpu $cpu s" >&2
    done
done

echo "::: reload under load"
: >"$OUT/reload.txt"
# Throughput of a query while the largest data set is reloaded again and
# again, against the same query with no reload, in the same run. Measured
# only where the server has `POST /api/v1/admin/reload`.
TOKEN=bench-$$-$RANDOM
start "$OUT/reload.log" env SERVICEMAP_ADMIN_TOKEN="$TOKEN" "$BIN" serve --bind 127.0.0.1:0 --data "bench-data/$largest"
reload_pid=$SERVER_PID reload_addr=$ADDR
wait_ready "http://$reload_addr/readyz"
reload_status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" "http://$reload_addr/api/v1/admin/reload")
if [[ $reload_status == 200 ]]; then
    url="http://$reload_addr/api/v1/edges?relation=integrates%20with&target=$hub"
    for round in $(seq 1 "$ROUNDS"); do
        steady=$(run_wrk "$url" "$reload_pid")
        # Reload back to back for as long as wrk runs.
        (
            end=$((SECONDS + DURATION))
            count=0
            while ((SECONDS < end)); do
                curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" "http://$reload_addr/api/v1/admin/reload"
                count=$((count + 1))
            done
            echo "$count" >"$OUT/reloads"
        ) &
        reloader=$!
        during=$(run_wrk "$url" "$reload_pid")
        wait "$reloader"
        echo "$steady|$during|$(cat "$OUT/reloads")" >>"$OUT/reload.txt"
        echo "    round $round steady: $steady   during reloads ($(cat "$OUT/reloads")): $during" >&2
    done
else
    echo "    no reload endpoint (status $reload_status): pending" >&2
    echo "pending|$reload_status" >>"$OUT/reload.txt"
fi
stop "$reload_pid"

echo "::: criterion"
: >"$OUT/criterion.txt"
rm -rf "$CARGO_TARGET_DIR/criterion"
SERVICEMAP_BENCH_SIZES=$BENCH_SIZES cargo bench --locked --bench queries 2>&1 | grep -E "^(load|query|export)/|time:" >&2 || true
python3 scripts/bench_report.py criterion "$CARGO_TARGET_DIR/criterion" >"$OUT/criterion.txt"
if [[ ! -s $OUT/criterion.txt ]]; then
    echo "bench: criterion wrote no estimates" >&2
    exit 1
fi

echo "::: name resolution"
# The resolver and the ranked candidates behind /nodes?q= over a corpus of
# inputs as people type them (benches/resolve_latency.rs), on the seed and
# on every 1M-edge shape.
resolve_dirs=(data)
[[ $QUICK == 1 ]] || resolve_dirs+=(bench-data/1m "${SHAPES[@]/#/bench-data/}")
cargo bench --locked --bench resolve_latency -- "${resolve_dirs[@]}" >"$OUT/resolve.txt"
cat "$OUT/resolve.txt" >&2

echo "::: mcp tools"
mcp_sets=(seed=data)
[[ $QUICK == 1 ]] || mcp_sets+=(1m=bench-data/1m)
"$CARGO_TARGET_DIR/release/examples/mcp_sizes" "${mcp_sets[@]}" >"$OUT/mcp.txt" || {
    echo "bench: the MCP measurement failed" >&2
    exit 1
}

if [[ $QUICK == 1 ]]; then
    echo "::: quick run done (BENCHMARKS.md untouched)"
    cat "$OUT/http.txt" "$OUT/startup.txt" "$OUT/reload.txt"
    exit 0
fi

echo "::: write BENCHMARKS.md"
COMMIT=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- src benches examples Cargo.toml Cargo.lock || COMMIT="$COMMIT (with uncommitted changes)"
python3 scripts/bench_report.py report "$OUT" "$COMMIT" "$DURATION" "$THREADS" "$CONNECTIONS" "$ROUNDS" >BENCHMARKS.md
echo "BENCHMARKS.md written"
