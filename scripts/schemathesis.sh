#!/usr/bin/env bash
# Property-based API tests with Schemathesis: the real binary on a free
# 127.0.0.1 port with the bundled data/, every operation of openapi.yaml,
# all checks, a fixed seed and a bounded number of examples per operation.
# `bash scripts/schemathesis.sh [MAX_EXAMPLES]` (default 50). Prints
# `N passed, N failed` over the operations; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

version=4.32.5
examples=${1:-${SCHEMATHESIS_EXAMPLES:-50}}
seed=${SCHEMATHESIS_SEED:-20261128}
venv=${SCHEMATHESIS_VENV:-${CARGO_TARGET_DIR:-target}/venv-schemathesis}
report=${CARGO_TARGET_DIR:-target}/schemathesis-report

fail() {
    echo "schemathesis: $*"
    echo "schemathesis: 0 passed, 1 failed"
    exit 1
}

if [ "$("$venv/bin/st" --version 2>/dev/null)" != "st, version $version" ]; then
    echo "schemathesis: installing schemathesis==$version into $venv"
    python3 -m venv "$venv" || fail "cannot create a virtualenv"
    timeout 600 "$venv/bin/pip" install --quiet "schemathesis==$version" || fail "cannot install schemathesis"
fi

timeout 1200 cargo build --locked --bin servicemap || fail "the binary does not build"
binary=${CARGO_TARGET_DIR:-target}/debug/servicemap

port=$(free_port)
log=$(mktemp)
# A fresh admin token for this run, so that the reload endpoint is served
# and its authentication is tested too (schemathesis hides it in output).
token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
SERVICEMAP_ADMIN_TOKEN=$token "$binary" serve --bind "127.0.0.1:$port" --data data >"$log" 2>&1 &
pid=$!
cleanup() {
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -f "$log"
}
trap cleanup EXIT
wait_ready "$port" "$pid" "$log"

rm -rf "$report"
timeout 1500 "$venv/bin/st" --config-file scripts/schemathesis.toml run openapi.yaml \
    --url "http://127.0.0.1:$port" \
    --header "Authorization: Bearer $token" \
    --checks all \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$examples" \
    --seed "$seed" \
    --workers 1 \
    --request-timeout 10 \
    --max-response-time 5 \
    --no-color \
    --report junit --report-junit-path "$report/junit.xml"
status=$?

# The server must still be alive and ready after the run.
alive=1
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 || alive=0

read -r passed failed < <(python3 - "$report/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print(0, 1)
    sys.exit()
passed = failed = 0
for case in root.iter("testcase"):
    if case.find("failure") is not None or case.find("error") is not None:
        failed += 1
    elif case.find("skipped") is None:
        passed += 1
print(passed, failed)
PY
)
if [ "$alive" -eq 0 ]; then
    echo "schemathesis: the server did not survive the run"
    failed=$((failed + 1))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
echo "schemathesis: $examples examples per operation, seed $seed"
echo "schemathesis: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
