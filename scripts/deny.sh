#!/usr/bin/env bash
# Dependency policy with cargo-deny (deny.toml): licences, bans (duplicate
# versions warn, wildcards fail) and sources (crates.io only). Installs
# cargo-deny if missing (scripts/provision.sh deny). The advisories check
# is not run: it needs the RustSec advisory database from the network,
# which this machine cannot fetch. Prints `deny: N passed, N failed` over
# the three checks.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
harness deny

provision deny || abort "cargo-deny installed (scripts/provision.sh deny)"
for kind in licenses bans sources; do
    check "$kind" timeout 300 cargo deny --log-level error check "$kind"
done
skip "advisories (needs the network advisory database)"
summary
