# shellcheck shell=bash
# Shared by the scripts that run the server on 127.0.0.1 (sourced, not run).

# A port on 127.0.0.1 that is free now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_ready PORT PID LOG: waits up to 20 s for GET /readyz to answer 2xx;
# calls the script's `fail` (after printing LOG) if the server exits first
# or is not ready in time.
wait_ready() {
    local port=$1 pid=$2 log=$3
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$log"; fail "the server exited"; }
        sleep 0.2
    done
    fail "the server is not ready"
}
