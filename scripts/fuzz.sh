#!/usr/bin/env bash
# Fuzzes the document parser and graph builder with cargo-fuzz (libFuzzer)
# for a bounded time: `bash scripts/fuzz.sh [SECONDS]` (default 60, or
# FUZZ_SECONDS). Needs a nightly toolchain; without one it says so and
# skips. The target is fuzz/fuzz_targets/parse_document.rs; by hand:
#   cargo +nightly fuzz run parse_document -- -max_total_time=60
# New inputs go to fuzz/corpus/parse_document (not committed); the hostile
# corpus and the bundled data are the seeds. A crash is saved under
# fuzz/artifacts/parse_document/ and fails the run; replay it with
#   cargo +nightly fuzz run parse_document fuzz/artifacts/parse_document/<file>
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
harness fuzz

seconds=${1:-${FUZZ_SECONDS:-60}}
target=parse_document

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    skip "$target: no nightly toolchain (rustup toolchain install nightly)"
    summary
    exit
fi
provision fuzz || abort "cargo-fuzz installed (scripts/provision.sh fuzz)"

corpus=fuzz/corpus/$target
mkdir -p "$corpus"
log=$(mktemp)
on_exit rm -f "$log"

# No sanitizer: the crate forbids unsafe code, so AddressSanitizer has
# nothing of ours to watch, and it doubles the build (every dependency
# instrumented) and halves the executions. libFuzzer still finds panics,
# hangs (-timeout) and memory blowups (-rss_limit_mb).
flags=(--sanitizer none)
echo "fuzz: building $target"
if ! timeout 1500 cargo +nightly fuzz build "${flags[@]}" "$target" >"$log" 2>&1; then
    tail -40 "$log"
    abort "$target builds"
fi

echo "fuzz: running $target for ${seconds}s"
# -timeout: an input taking over 10 s is a hang; -rss_limit_mb: memory blowup.
timeout $((seconds + 300)) cargo +nightly fuzz run "${flags[@]}" "$target" "$corpus" tests/hostile data -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=16384 \
    -print_final_stats=1 >"$log" 2>&1
status=$?
grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|INFO: seed corpus)' "$log"
execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
if [[ $status == 0 ]]; then
    pass "$target ran ${seconds}s, ${execs:-?} executions, no crash"
else
    grep -E 'ERROR|panicked|SUMMARY|Test unit written|artifact_prefix' "$log" | head -20
    tail -30 "$log"
    fail "$target (exit $status after ${execs:-?} executions)"
fi
summary
