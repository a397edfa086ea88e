#!/usr/bin/env bash
# The project's test command (README "Test"; .ci/run calls exactly this). Needs only cargo and gcc:
# every test bounds its own waits, so plain `cargo test` is safe without a per-test timeout runner.
#   1. every test target (unit, behaviour suite on both engines, CRT wrappers, C API, compat, CLI,
#      bandwidth) and a compile of every example;
#   2. the doctests (the README's examples among them);
#   3. the build without the CRT (`--no-default-features`) still compiles.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --all-targets --no-fail-fast
cargo test --doc
cargo check --no-default-features --lib --tests --quiet
