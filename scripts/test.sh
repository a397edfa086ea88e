#!/usr/bin/env bash
# The project's test command (README "Test"; .ci/run calls exactly this). Needs only cargo and gcc:
# every test bounds its own waits, so plain `cargo test` is safe without a per-test timeout runner.
#   1. build every target once (unit, behaviour suite on both engines, CRT wrappers, C API, compat,
#      CLI, bandwidth, and every example);
#   2. run the test binaries: the behaviour suite beside the smaller ones (their tests mostly wait on
#      sockets, not CPU), then the timed bandwidth tests alone so no other load stretches them;
#   3. the doctests (the README's examples among them);
#   4. the build without the CRT (`--no-default-features`) still compiles.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --all-targets --no-run

cargo test --lib --bins --test behaviour &
behaviour=$!
( cargo test --test crt && cargo test --test c_api && cargo test --test compat && cargo test --test cli ) &
others=$!
status=0
wait "$behaviour" || status=1
wait "$others" || status=1
cargo test --test bandwidth || status=1
[ "$status" -eq 0 ] || { echo "scripts/test.sh: test failures above" >&2; exit 1; }

cargo test --doc
cargo check --no-default-features --lib --tests --quiet
