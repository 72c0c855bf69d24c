#!/usr/bin/env bash
# Property-based API tests with Schemathesis: the real binary on 127.0.0.1
# port 0 with the bundled data/, every operation of openapi.yaml but /mcp
# (outside the REST contract; scripts/mcp.sh tests it), all
# checks, a fixed seed and a bounded number of examples per operation.
# `bash scripts/schemathesis.sh [MAX_EXAMPLES]` (default 50). Prints
# `schemathesis: N passed, N failed` over the operations; exits non-zero on
# any failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
harness schemathesis

examples=${1:-${SCHEMATHESIS_EXAMPLES:-50}}
seed=${SCHEMATHESIS_SEED:-20261128}
report=$TARGET_DIR/schemathesis-report

provision base schemathesis ||
    abort "tools installed (scripts/provision.sh base schemathesis)"

log=$(mktemp)
on_exit rm -f "$log"
# A fresh admin token for this run, so that the reload endpoint is served
# and its authentication is tested too (schemathesis hides it in output).
token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
SERVICEMAP_ADMIN_TOKEN=$token serve "$log" --data data || abort "the server starts"

rm -rf "$report"
timeout 1500 "$SCHEMATHESIS_VENV/bin/st" --config-file scripts/schemathesis.toml run openapi.yaml \
    --url "$SERVER_URL" \
    --exclude-path /mcp \
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

# One line per operation from the JUnit report.
tally python3 - "$report/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception as error:
    print(f"FAIL the JUnit report is readable ({error})")
    sys.exit(1)
for case in root.iter("testcase"):
    if case.find("failure") is not None or case.find("error") is not None:
        print(f"FAIL {case.get('name')}")
    elif case.find("skipped") is None:
        print(f"ok {case.get('name')}")
PY
check "schemathesis exits 0 (exit $status)" test "$status" = 0
check "the server is alive and ready after the run" curl -fsS -o /dev/null "$SERVER_URL/readyz"
echo "schemathesis: $examples examples per operation, seed $seed"
summary
