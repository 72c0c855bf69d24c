# servicemap: a knowledge graph of cloud services over a JSON API.
#
#   docker build -t servicemap .
#   docker run --rm -p 8080:8080 servicemap
#   docker run --rm -p 8080:8080 -v "$PWD/data:/srv/servicemap/data:ro" servicemap
#
# See docs/deploy.md. scripts/container-check.sh builds and checks this file
# with podman on a machine without a Docker engine.

# ---- builder: compile the release binary ----------------------------------
FROM rust:1.95-bookworm AS builder

# Node.js and npm, for a build script that bundles web/ assets with
# `npm ci`. Installed before anything is copied so the layer stays cached.
# Versions are not pinned (DL3008): a Debian stable release only takes
# security fixes, and pinned versions vanish from the mirror when it does.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Dependencies first, in their own layer: a dummy library and binary built
# against the real manifests and lock file. This layer is rebuilt only when
# a Cargo.toml or Cargo.lock changes, not on every source edit. Every
# workspace member's manifest is needed to resolve the workspace (the
# generator in crates/ is a development tool: stubbed, never built here).
COPY Cargo.toml Cargo.lock ./
COPY crates/servicemap-gen/Cargo.toml crates/servicemap-gen/
RUN mkdir src benches crates/servicemap-gen/src \
    && echo 'fn main() {}' > src/main.rs \
    && echo 'fn main() {}' > benches/queries.rs \
    && echo 'fn main() {}' > benches/resolve_latency.rs \
    && touch src/lib.rs crates/servicemap-gen/src/lib.rs \
    && cargo build --release --locked -p servicemap \
    && rm -rf src benches crates target/release/servicemap* \
        target/release/deps/servicemap-* target/release/deps/libservicemap-* \
        target/release/.fingerprint/servicemap-*

# The real sources. Everything the build reads is copied (build.rs, web/,
# openapi.yaml, ...); .dockerignore keeps target/, .git and node_modules out.
COPY . .
RUN cargo build --release --locked -p servicemap \
    && install -D -m 0755 target/release/servicemap /out/servicemap

# ---- runtime: the binary and the seed documents ---------------------------
FROM debian:bookworm-slim

# A fixed, unprivileged uid/gid, so volume permissions and Kubernetes'
# runAsUser can name it.
RUN groupadd --gid 10001 servicemap \
    && useradd --no-log-init --uid 10001 --gid servicemap --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin servicemap

COPY --from=builder /out/servicemap /usr/local/bin/servicemap
# Baked-in documents; a volume mounted at /srv/servicemap/data replaces them.
COPY data/ /srv/servicemap/data/

WORKDIR /srv/servicemap
USER 10001:10001

ENV SERVICEMAP_BIND=0.0.0.0:8080 \
    SERVICEMAP_DATA=/srv/servicemap/data
EXPOSE 8080

# `servicemap healthcheck` GETs /readyz on 127.0.0.1:8080 (hyper, 2 s bound):
# no shell, curl or wget in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/servicemap", "healthcheck"]

# Exec form: the binary is PID 1 and receives SIGTERM directly; it stops
# accepting connections, finishes in-flight requests and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/servicemap"]
CMD ["serve"]
