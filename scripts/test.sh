#!/usr/bin/env bash
# The project's test command (README "Test"; .ci/run calls exactly this).
# Builds the crate with the vendored CRT, runs every test under nextest (each test bounded by
# .config/nextest.toml timeouts), then the doctests, then checks the C-free build still compiles.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=default
[ "${CI:-}" = "true" ] && profile=ci

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --profile "$profile" --all-targets
else
  echo "cargo-nextest not found; falling back to cargo test (no per-test timeouts)" >&2
  cargo test --all-targets
fi
cargo test --doc
cargo check --no-default-features --lib --quiet
