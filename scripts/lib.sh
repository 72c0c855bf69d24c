# shellcheck shell=bash
# The checks' shared harness, sourced by every script here and by .ci/run:
# results counted and summed up, timed steps, tools installed when missing,
# and servers started on port 0 with the address read from their log (no
# port is picked, released and handed over, so none can be taken between).
#
#   . scripts/lib.sh
#   harness soak                 # name the summary: `soak: N passed, N failed`
#   check "what" CMD...          # run CMD: `ok    what` or `FAIL  what`, counted
#   require "what" CMD...        # the same, but a failure ends the run
#   step "what" CMD...           # `::: what`, run and timed, listed by summary
#   pass "what"; fail "what"; skip "what"   # a result the script decided
#   abort "why"                  # count a failure, print the summary, exit 1
#   tally CMD...                 # count CMD's `ok what` / `FAIL what` lines
#   summary                      # the list of steps and the count line; status
#   on_exit CMD...               # run CMD at exit (last registered first)
#   provision GROUP...           # scripts/provision.sh GROUP..., quiet unless it fails
#   need COMMAND [PACKAGE...]    # apt-get install PACKAGE(s) when COMMAND is missing
#   build_server                 # cargo build the debug binary unless SERVICEMAP_BIN is set
#   build_release                # cargo build every release binary and example
#   start_server LOG CMD...      # start a server that logs `listening on http://ADDR`
#   serve LOG [OPTIONS...]       # `servicemap serve --bind 127.0.0.1:0 OPTIONS`, ready
#   stop_server PID

HARNESS_NAME=${HARNESS_NAME:-}
HARNESS_PASSED=0
HARNESS_FAILED=0
HARNESS_SKIPPED=0
HARNESS_STEPS=()
HARNESS_EXIT=()
HARNESS_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-target}
SCHEMATHESIS_VENV=${SCHEMATHESIS_VENV:-$TARGET_DIR/venv-schemathesis}
MCP_VENV=${MCP_VENV:-$TARGET_DIR/venv-mcp}

# harness NAME: the word before the counts of the summary line.
harness() { HARNESS_NAME=$1; }

pass() { HARNESS_PASSED=$((HARNESS_PASSED + 1)); echo "ok    $*"; }
fail() { HARNESS_FAILED=$((HARNESS_FAILED + 1)); echo "FAIL  $*"; }
skip() { HARNESS_SKIPPED=$((HARNESS_SKIPPED + 1)); echo "skip  $*"; }
note() { echo "::    $*"; }

check() {
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# not CMD...: succeeds when CMD fails (for `check "..." not grep ...`).
not() { ! "$@"; }

require() {
    local what=$1
    shift
    "$@" || abort "$what"
    pass "$what"
}

step() {
    local what=$1 start=$SECONDS status=0
    shift
    echo "::: $what"
    "$@" || status=$?
    if [[ $status == 0 ]]; then
        HARNESS_PASSED=$((HARNESS_PASSED + 1))
        HARNESS_STEPS+=("ok    $what ($((SECONDS - start))s)")
    else
        HARNESS_FAILED=$((HARNESS_FAILED + 1))
        HARNESS_STEPS+=("FAIL  $what ($((SECONDS - start))s, exit $status)")
    fi
}

summary() {
    if [[ ${#HARNESS_STEPS[@]} -gt 0 ]]; then
        echo
        echo "::: summary"
        printf '%s\n' "${HARNESS_STEPS[@]}"
    fi
    local line="$HARNESS_PASSED passed, $HARNESS_FAILED failed"
    [[ $HARNESS_SKIPPED == 0 ]] || line+=", $HARNESS_SKIPPED skipped"
    echo "${HARNESS_NAME:+$HARNESS_NAME: }$line"
    [[ $HARNESS_FAILED == 0 ]]
}

# tally CMD...: runs a checker that prints one `ok what` or `FAIL what`
# line per check and counts them here; other lines pass through. A checker
# that fails without saying what failed is a failure too.
tally() {
    local line failed_before=$HARNESS_FAILED status=1
    while IFS= read -r line; do
        case $line in
            "::tally-exit "*) status=${line#::tally-exit } ;;
            "ok "*) pass "${line#ok }" ;;
            "FAIL "*) fail "${line#FAIL }" ;;
            *) printf '%s\n' "$line" ;;
        esac
    done < <("$@" 2>&1; echo "::tally-exit $?")
    if [[ $status != 0 && $HARNESS_FAILED == "$failed_before" ]]; then
        fail "$* (exited with status $status)"
    fi
    [[ $status == 0 ]]
}

abort() {
    fail "$*"
    summary
    exit 1
}

on_exit() { HARNESS_EXIT+=("$(printf '%q ' "$@")"); }
harness_exit() {
    local i
    for ((i = ${#HARNESS_EXIT[@]} - 1; i >= 0; i--)); do
        eval "${HARNESS_EXIT[i]}" 2>/dev/null || true
    done
}
trap harness_exit EXIT

# ---- tools ------------------------------------------------------------------
as_root() {
    if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi
}

HARNESS_APT_UPDATED=
# apt_install PACKAGE...: Debian packages, with one `apt-get update` per run.
apt_install() {
    echo "installing ${*} (apt)"
    if [[ -z $HARNESS_APT_UPDATED ]]; then
        as_root apt-get update -qq >/dev/null || return 1
        HARNESS_APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# need COMMAND [PACKAGE...]: installs the packages (default: COMMAND) when
# COMMAND is not on PATH, or, given as a path, not executable there.
need() {
    local command=$1
    shift
    if [[ $command == /* ]]; then [[ -x $command ]] && return 0; fi
    if [[ $command != /* ]]; then command -v "$command" >/dev/null && return 0; fi
    apt_install "${@:-$command}"
}

# provision GROUP...: the tools of those groups (scripts/provision.sh),
# with its output shown only when something could not be installed.
provision() {
    local out
    out=$(bash "$HARNESS_SCRIPTS/provision.sh" "$@" 2>&1) || {
        printf '%s\n' "$out"
        return 1
    }
}

# The folder pip installs commands into, for this python3.
pip_scripts() { python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'; }

# ---- the server ---------------------------------------------------------------
HARNESS_SERVERS=()

# build_release: the release binaries and examples of the workspace, built
# once with one set of features (bench.sh, robust.sh and fleet.sh share it;
# building a subset would unify features differently and rebuild).
build_release() {
    timeout 1800 cargo build --release --locked --workspace --bins --examples
}

# build_server: sets SERVICEMAP_BIN to the debug binary, building it, unless
# SERVICEMAP_BIN names one already.
build_server() {
    [[ -n ${SERVICEMAP_BIN:-} ]] && return 0
    timeout 1200 cargo build --locked --bin servicemap || return 1
    SERVICEMAP_BIN=$TARGET_DIR/debug/servicemap
}

# start_server LOG CMD...: runs CMD (a server bound to port 0 that logs
# `listening on http://ADDR`) with its output in LOG; sets SERVER_PID and
# SERVER_ADDR (HOST:PORT). Fails, showing the log, if the server exits or
# says nothing within SERVER_START_TIMEOUT seconds (default 120).
start_server() {
    local log=$1
    shift
    # Emptied here, not only by the redirection in the child: a LOG used
    # before still says where the last server listened until the child
    # gets to truncate it, and that address must not be read.
    : >"$log"
    "$@" >"$log" 2>&1 &
    SERVER_PID=$!
    HARNESS_SERVERS+=("$SERVER_PID")
    local deadline=$((SECONDS + ${SERVER_START_TIMEOUT:-120}))
    SERVER_ADDR=
    while ((SECONDS < deadline)); do
        SERVER_ADDR=$(grep -om1 'listening on http://[^" ]*' "$log" | sed 's|.*http://||' || true)
        [[ -n $SERVER_ADDR ]] && return 0
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "the server exited:" >&2
            tail -20 "$log" >&2
            return 1
        fi
        sleep 0.01
    done
    echo "the server did not say where it listens:" >&2
    tail -20 "$log" >&2
    return 1
}

# wait_ready URL [SECONDS]: waits up to SECONDS (default 60) for URL to
# answer 2xx.
wait_ready() {
    local deadline=$((SECONDS + ${2:-60}))
    until curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null; do
        ((SECONDS < deadline)) || { echo "$1 is not ready" >&2; return 1; }
        sleep 0.05
    done
}

# serve LOG [OPTIONS...]: `servicemap serve` on 127.0.0.1 port 0 (the
# binary from build_server), ready to answer; sets SERVER_PID, SERVER_ADDR
# and SERVER_URL.
serve() {
    local log=$1
    shift
    need curl || return 1
    build_server || return 1
    start_server "$log" "$SERVICEMAP_BIN" serve --bind 127.0.0.1:0 "$@" || return 1
    SERVER_URL=http://$SERVER_ADDR
    wait_ready "$SERVER_URL/readyz"
}

stop_server() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

stop_servers() {
    local pid
    for pid in "${HARNESS_SERVERS[@]}"; do stop_server "$pid"; done
}
on_exit stop_servers
