#!/usr/bin/env bash
# Builds the Dockerfile with podman and checks the image end to end, on a
# Debian machine with no Docker engine and no access to image registries.
#
#   sudo bash scripts/container-check.sh
#
# Run it as root on Debian 12 (bookworm). It needs Debian's package mirror
# and crates.io (and the npm registry, once web/ exists), nothing else.
#
# What it does:
#   1. installs podman, buildah, debootstrap, runc, fuse-overlayfs and curl
#      from Debian's packages (when missing);
#   2. configures podman privately under $CONTAINER_CHECK_WORKDIR (runc,
#      cgroupfs, overlay storage, default ulimits nofile and nproc 4096),
#      leaving /etc/containers and any other podman storage alone;
#   3. makes the base images the Dockerfile names, locally, since no image
#      registry can be reached: the runtime base from a `debootstrap
#      --variant=minbase` bookworm rootfs, and the Rust builder from that
#      rootfs plus gcc, libc6-dev and this machine's own Rust toolchain;
#   4. builds the Dockerfile (crates come from crates.io during the build);
#   5. runs the image and checks: /readyz, a real query, the user is not
#      root, the binary is PID 1, the ulimits, `podman healthcheck run`, the
#      healthcheck failing with nothing to probe, a mounted data folder
#      replacing the baked documents under a read-only root filesystem, and
#      that SIGTERM stops the container with exit code 0 within 10 s;
#   6. prints the image size and build times, removes everything it made,
#      and prints `container: N passed, N failed` (exit status 1 on any failure).
#
# Containers only listen on 127.0.0.1; every request goes there.
# Re-runnable: each run starts from nothing and leaves nothing behind.
#
# Environment:
#   CONTAINER_CHECK_TIMEOUT   whole run's bound in seconds (default 2400)
#   CONTAINER_CHECK_WORKDIR   scratch folder (default /var/tmp/servicemap-container-check)
#   CONTAINER_CHECK_KEEP=1    keep the scratch folder, images and logs
#   DEBIAN_MIRROR             mirror for debootstrap (default http://deb.debian.org/debian)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
harness container
repo=$PWD

budget=${CONTAINER_CHECK_TIMEOUT:-2400}
# Bound the whole run: a watchdog process group that cleans up on expiry.
if [[ -z ${SERVICEMAP_CONTAINER_CHECK_BOUNDED:-} ]]; then
    export SERVICEMAP_CONTAINER_CHECK_BOUNDED=1
    timeout --kill-after=90 "$budget" bash "$0" "$@"
    status=$?
    if [[ $status -eq 124 || $status -eq 137 ]]; then
        echo "container check: stopped after its ${budget}s bound"
        exit 1
    fi
    exit "$status"
fi

if [[ $(id -u) -ne 0 ]]; then
    abort "run as root (it installs packages and runs podman as root)"
fi

work=${CONTAINER_CHECK_WORKDIR:-/var/tmp/servicemap-container-check}
# The scratch folder is deleted whole: insist on a dedicated absolute path.
if [[ $work != /?*/?* || $work == *..* ]]; then
    abort "CONTAINER_CHECK_WORKDIR must be an absolute path two levels deep at least (got '$work')"
fi
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
image=localhost/servicemap:check
main_ctr=servicemap-check-main
override_ctr=servicemap-check-override
logs=$work/logs

show_log() { echo "      --- last lines of $1 ---"; tail -n "${2:-30}" "$1" | sed 's/^/      /'; }

# ---- 1. packages ----------------------------------------------------------
install_packages() {
    bash scripts/provision.sh container >"$logs/provision.log" 2>&1 || { show_log "$logs/provision.log"; return 1; }
}

# ---- 2. a private podman configuration ------------------------------------
configure_podman() {
    mkdir -p "$work/conf" "$work/storage" "$work/run" "$work/tmp" "$work/networks" "$work/tmp-files"
    # buildah's and podman's temporary files too stay in the scratch folder.
    export TMPDIR=$work/tmp-files
    cat >"$work/conf/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$work/tmp"

[network]
network_config_dir = "$work/networks"
EOF
    write_storage_conf ""
    cat >"$work/conf/registries.conf" <<EOF
# Short names such as rust:... resolve to docker.io/library/..., which this
# script creates locally; builds run with --pull=never.
unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"
EOF
    export CONTAINERS_CONF=$work/conf/containers.conf
    export CONTAINERS_STORAGE_CONF=$work/conf/storage.conf
    export CONTAINERS_REGISTRIES_CONF=$work/conf/registries.conf
    if ! podman info >"$logs/podman-info.log" 2>&1; then
        # Kernel overlayfs unusable here (say, storage on overlayfs itself):
        # fall back to fuse-overlayfs.
        note "kernel overlay storage failed; using fuse-overlayfs"
        write_storage_conf 'mount_program = "/usr/bin/fuse-overlayfs"'
        podman info >"$logs/podman-info.log" 2>&1 || { show_log "$logs/podman-info.log"; return 1; }
    fi
    note "podman $(podman version --format '{{.Client.Version}}'):" \
        "$(podman info --format '{{.Store.GraphDriverName}} storage, {{.Host.OCIRuntime.Name}}, {{.Host.CgroupManager}} cgroups {{.Host.CgroupsVersion}}, {{.Host.NetworkBackend}}')"
}

write_storage_conf() {
    cat >"$work/conf/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$work/storage"
runroot = "$work/run"

[storage.options.overlay]
$1
EOF
}

# ---- cleanup: leave nothing behind, also after an interrupted run ---------
cleanup() {
    if [[ ${CONTAINER_CHECK_KEEP:-} == 1 ]]; then
        note "kept $work (CONTAINER_CHECK_KEEP=1)"
        return
    fi
    remove_scratch
}

remove_scratch() {
    [[ -d $work ]] || return 0
    if [[ -f $work/conf/containers.conf ]] && command -v podman >/dev/null; then
        CONTAINERS_CONF=$work/conf/containers.conf \
            CONTAINERS_STORAGE_CONF=$work/conf/storage.conf \
            CONTAINERS_REGISTRIES_CONF=$work/conf/registries.conf \
            bash -c 'timeout --foreground 60 podman rm --all --force --time 0; timeout --foreground 120 podman rmi --all --force' \
            >/dev/null 2>&1 || true
    fi
    # Anything still mounted below the scratch folder (an interrupted run),
    # deepest first.
    awk -v w="$work" '$5 == w || index($5, w "/") == 1 { print $5 }' /proc/self/mountinfo |
        sort -r | while read -r mountpoint; do umount -l "$mountpoint" 2>/dev/null || true; done
    rm -rf "$work"
}

# ---- 3. base images, made locally -----------------------------------------
# The names the Dockerfile builds from: the first stage's and the last's.
dockerfile_bases() {
    awk 'toupper($1) == "FROM" { for (i = 2; i <= NF; i++) if ($i !~ /^--/) { print $i; break } }' \
        "$repo/Dockerfile"
}

# docker.io/library/NAME for a short name, as podman resolves it.
qualified() {
    local name=$1 first=${1%%/*}
    if [[ $name != */* ]]; then
        echo "docker.io/library/$name"
    elif [[ $first == *.* || $first == *:* || $first == localhost ]]; then
        echo "$name"
    else
        echo "docker.io/$name"
    fi
}

make_runtime_base() {
    local name=$1 rootfs=$work/rootfs
    note "debootstrap --variant=minbase bookworm from $mirror"
    timeout --foreground 900 debootstrap --variant=minbase bookworm "$rootfs" "$mirror" \
        >"$logs/debootstrap.log" 2>&1 || { show_log "$logs/debootstrap.log"; return 1; }
    # Slim it as Debian's -slim images are: no docs, man pages, locales,
    # package lists or caches; no host names or resolver of this machine.
    rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
        "$rootfs"/usr/share/locale/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin \
        "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/log/*.log "$rootfs"/etc/hostname
    : >"$rootfs/etc/resolv.conf"
    tar --numeric-owner -C "$rootfs" -c . |
        podman import --change 'CMD ["bash"]' \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            - "$name" >"$logs/import.log" 2>&1 || { show_log "$logs/import.log"; return 1; }
}

make_builder_base() {
    local name=$1 runtime=$2 ctx=$work/builder-context sysroot cargo_version
    sysroot=$(rustc --print sysroot 2>/dev/null) || { echo "no Rust toolchain (rustc) on this machine" >&2; return 1; }
    [[ -x $sysroot/bin/cargo && -x $sysroot/bin/rustc ]] ||
        { echo "$sysroot has no bin/cargo and bin/rustc" >&2; return 1; }
    cargo_version=$("$sysroot/bin/cargo" --version)
    note "builder from $runtime + gcc, libc6-dev + this machine's toolchain ($cargo_version)"
    case $name in
        *rust:${cargo_version:6:4}*) ;;
        *) note "the Dockerfile asks for $name; the toolchain here is $cargo_version" ;;
    esac
    mkdir -p "$ctx/rust"
    # The toolchain without its documentation. Hard links when on one
    # file system, copies otherwise.
    local part
    for part in bin lib libexec etc; do
        [[ -e $sysroot/$part ]] || continue
        cp -al "$sysroot/$part" "$ctx/rust/" 2>/dev/null || cp -a "$sysroot/$part" "$ctx/rust/" || return 1
    done
    # This machine's trust store: crates.io and the npm registry are reached
    # through it (the machine may trust a CA that Debian's bundle lacks).
    cp /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt" 2>/dev/null || : >"$ctx/ca-certificates.crt"
    cat >"$ctx/Containerfile" <<EOF
FROM $runtime
RUN apt-get update \\
    && apt-get install -y --no-install-recommends ca-certificates gcc libc6-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY ca-certificates.crt /tmp/machine-ca.crt
RUN if [ -s /tmp/machine-ca.crt ]; then cp /tmp/machine-ca.crt /etc/ssl/certs/ca-certificates.crt; fi \\
    && rm /tmp/machine-ca.crt
COPY rust/ /usr/local/rust/
ENV CARGO_HOME=/usr/local/cargo \\
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \\
    PATH=/usr/local/cargo/bin:/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN mkdir -p /usr/local/cargo/bin && cargo --version && rustc --version
EOF
    timeout --foreground 900 podman build --pull=never --format docker -t "$name" "$ctx" \
        >"$logs/builder-image.log" 2>&1 || { show_log "$logs/builder-image.log"; return 1; }
    rm -rf "$ctx"
}

# ---- helpers for the checks -----------------------------------------------
container_pid() { podman inspect --format '{{.State.Pid}}' "$1"; }

# The 127.0.0.1:PORT that a container's port 8080 is published on.
published() { podman port "$1" 8080/tcp | grep -m1 '^127\.0\.0\.1:'; }

# ---- the run --------------------------------------------------------------
main() {
    echo "::: container check (bounded to ${budget}s)"
    remove_scratch
    mkdir -p "$logs"
    on_exit cleanup
    trap 'abort "interrupted"' INT TERM

    require "packages installed" install_packages
    require "podman configured (runc, cgroupfs, overlay, ulimits)" configure_podman

    local bases builder runtime start
    mapfile -t bases < <(dockerfile_bases)
    [[ ${#bases[@]} -ge 2 ]] || abort "Dockerfile has a builder and a runtime stage"
    builder=$(qualified "${bases[0]}")
    runtime=$(qualified "${bases[-1]}")

    start=$SECONDS
    require "runtime base $runtime made with debootstrap" make_runtime_base "$runtime"
    local base_time=$((SECONDS - start))
    start=$SECONDS
    require "builder base $builder made" make_builder_base "$builder" "$runtime"
    local builder_time=$((SECONDS - start))

    note "podman build $repo (crates from crates.io; log in $logs/build.log)"
    start=$SECONDS
    if timeout --foreground 1800 podman build --pull=never --format docker -t "$image" "$repo" >"$logs/build.log" 2>&1; then
        pass "image built from the Dockerfile"
    else
        show_log "$logs/build.log" 40
        abort "image built from the Dockerfile"
    fi
    local build_time=$((SECONDS - start))
    note "times: runtime base ${base_time}s, builder base ${builder_time}s, servicemap image ${build_time}s"
    grep -E '^ *Finished .release' "$logs/build.log" | sed 's/^ */::      cargo: /'


    local size user healthcheck
    size=$(podman image inspect --format '{{.Size}}' "$image")
    note "image size: $((size / 1000 / 1000)) MB ($size bytes; base $(($(podman image inspect --format '{{.Size}}' "$runtime") / 1000 / 1000)) MB)"
    user=$(podman image inspect --format '{{.Config.User}}' "$image")
    check "image runs as a non-root user ('$user')" \
        test -n "$user" -a "${user%%:*}" != 0 -a "${user%%:*}" != root
    healthcheck=$(podman image inspect --format '{{json .Config.Healthcheck.Test}}' "$image")
    check "image HEALTHCHECK is $healthcheck" \
        test "$healthcheck" = '["CMD","/usr/local/bin/servicemap","healthcheck"]'

    # -- the baked documents
    # Host ports chosen by podman when it publishes (127.0.0.1::8080), then
    # read back: none is picked free and handed over.
    local base pid
    if podman run -d --name "$main_ctr" -p "127.0.0.1::8080" "$image" >"$logs/run.log" 2>&1 &&
        base=http://$(published "$main_ctr") &&
        wait_ready "$base/readyz" 30; then
        pass "container ready on $base/readyz"
    else
        show_log "$logs/run.log"
        podman logs "$main_ctr" 2>&1 | tail -20
        abort "container ready on $base/readyz"
    fi

    local answer
    answer=$(curl -fsS -m 5 "$base/api/v1/edges?relation=integrates%20with&target=Synapse" 2>&1)
    check "query: what integrates with Synapse answers Data Lake Storage" \
        grep -q 'Data Lake Storage' <<<"$answer"

    pid=$(container_pid "$main_ctr")
    local uid
    uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
    check "server process runs as uid '$uid', not root" test -n "$uid" -a "$uid" != 0
    local nspid cmd
    nspid=$(awk '/^NSpid:/ { print $NF }' "/proc/$pid/status" 2>/dev/null)
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
    check "the binary is PID 1 (pid $nspid in the container: $cmd)" \
        test "$nspid" = 1 -a "${cmd%% *}" = /usr/local/bin/servicemap
    check "default ulimit nofile 4096" \
        grep -Eq '^Max open files +4096 +4096' "/proc/$pid/limits"
    check "default ulimit nproc 4096" grep -Eq '^Max processes +4096 +4096' "/proc/$pid/limits"

    if podman healthcheck run --help >/dev/null 2>&1; then
        # Without systemd podman logs that it cannot add a timer for
        # periodic checks; `healthcheck run` itself still works.
        if timeout --foreground 30 podman healthcheck run "$main_ctr" >"$logs/healthcheck.log" 2>&1; then
            pass "podman healthcheck run: healthy"
        else
            fail "podman healthcheck run: healthy"
            show_log "$logs/healthcheck.log" 5
        fi
    else
        note "podman healthcheck not supported here; skipped"
    fi
    local hc_status=0
    timeout --foreground 30 podman run --rm --network none "$image" healthcheck --addr 127.0.0.1:9 \
        >"$logs/unhealthy.log" 2>&1 || hc_status=$?
    check "healthcheck exits 1 when nothing answers (exit $hc_status)" test "$hc_status" = 1

    # -- a mounted folder replaces the baked documents, root fs read-only
    local override=$work/override obase stats
    mkdir -p "$override"
    cat >"$override/tiny.md" <<'EOF'
# Tiny

```mermaid
mindmap
  root((Tiny Category))
    Tiny Service
      :: integrates with
      Other Service
```
EOF
    chmod -R a+rX "$override"
    if podman run -d --name "$override_ctr" --read-only -p "127.0.0.1::8080" \
        -v "$override:/srv/servicemap/data:ro" "$image" >"$logs/run-override.log" 2>&1 &&
        obase=http://$(published "$override_ctr") &&
        wait_ready "$obase/readyz" 30; then
        stats=$(curl -fsS -m 5 "$obase/api/v1/stats")
        if python3 -c '
import json, sys
s = json.loads(sys.argv[1])
docs = [d["path"] for d in s["documents"]]
assert docs == ["tiny.md"], docs
assert 0 < s["nodes"]["total"] < 10, s["nodes"]  # the seed document has 80+
' "$stats" 2>"$logs/override.err"; then
            pass "mounted data folder replaces the baked documents (read-only root)"
        else
            fail "mounted data folder replaces the baked documents: $(tail -1 "$logs/override.err") in $stats"
        fi
    else
        show_log "$logs/run-override.log"
        podman logs "$override_ctr" 2>&1 | tail -10
        fail "mounted data folder replaces the baked documents (container not ready)"
    fi
    podman rm --force --time 0 "$override_ctr" >/dev/null 2>&1

    # -- SIGTERM: graceful stop, exit code 0, within 10 s
    local t0 code elapsed_ms
    t0=$(date +%s%N)
    podman kill --signal TERM "$main_ctr" >/dev/null 2>&1
    code=$(timeout --foreground 10 podman wait "$main_ctr" 2>/dev/null)
    elapsed_ms=$((($(date +%s%N) - t0) / 1000000))
    check "SIGTERM stops the container within 10 s with exit code 0 (exit '$code' after ${elapsed_ms} ms)" \
        test "$code" = 0
    podman rm --force --time 0 "$main_ctr" >/dev/null 2>&1
}

main "$@"
summary
