#!/usr/bin/env bash
# The MCP server with real clients: the official Python SDK
# (scripts/mcp_client.py) over streamable HTTP against `servicemap serve`
# on 127.0.0.1 port 0, and over stdio against `servicemap mcp`, each on its
# own copy of data/ (the client changes a document on disk to see its
# subscriptions notified); then the MCP Inspector's CLI, when npm can
# fetch it. Prints `mcp: N passed, N failed`; exits non-zero on a failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
harness mcp

bash scripts/provision.sh base mcp >/dev/null || abort "tools installed (scripts/provision.sh base mcp)"
build_server || abort "the server builds"
bin=$(realpath "$SERVICEMAP_BIN")

work=$(mktemp -d)
on_exit rm -rf "$work"
cp -r data "$work/http" && cp -r data "$work/stdio" && cp -r data "$work/inspector"

# The Inspector's CLI mode, from npm: tools/list and one call, against
# the target its arguments name (a URL, or a command and its arguments).
inspector() {
    local label=$1 out=$work/inspector-$1.json
    shift
    if ! command -v npx >/dev/null; then
        skip "inspector, $label (no npx here)"
        return 0
    fi
    if ! timeout 300 npx -y @modelcontextprotocol/inspector --cli "$@" \
        --method tools/list >"$out" 2>"$work/inspector.err"; then
        skip "inspector, $label (npx could not run it: $(tail -1 "$work/inspector.err"))"
        return 0
    fi
    check "inspector, $label: tools/list names describe_node" grep -q '"describe_node"' "$out"
    timeout 120 npx -y @modelcontextprotocol/inspector --cli "$@" \
        --method tools/call --tool-name describe_node --tool-arg node=AKS >"$out" 2>>"$work/inspector.err"
    check "inspector, $label: describe_node AKS cites its document" grep -q 'azure-services-map.md' "$out"
}

serve "$work/http.log" --data "$work/http" || abort "the server starts"
step "python client, streamable HTTP" \
    tally timeout 300 "$MCP_VENV/bin/python" scripts/mcp_client.py --url "$SERVER_URL/mcp" --data "$work/http"
check "/mcp is counted in the service's metrics" \
    grep -q 'route="/mcp"' <(curl -fsS "$SERVER_URL/metrics")
inspector http "$SERVER_URL/mcp" --transport http
stop_server "$SERVER_PID"

step "python client, stdio" \
    tally timeout 300 "$MCP_VENV/bin/python" scripts/mcp_client.py --stdio "$bin" --data "$work/stdio"
inspector stdio "$bin" mcp --data "$work/inspector"

summary
