#!/usr/bin/env bash
# Classic engine vs Python s3transfer on the same s3s-fs server (storage in /dev/shm), same run.
# usage: scripts/bench-classic.sh [SIZE_MIB=1024] [COUNT=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target}
SIZE=${1:-1024}; COUNT=${2:-1000}
cargo build --release --no-default-features --example bench_server --example classic_bench >&2
BIN=$CARGO_TARGET_DIR/release/examples
export BENCH_WORK=$(mktemp -d ${BENCH_WORK_PARENT:-/dev/shm}/s3t-bench-client.XXXX)
export BENCH_DIR=$(mktemp -d ${BENCH_DIR_PARENT:-/dev/shm}/s3t-bench-server.XXXX)
fifo=$(mktemp -u); mkfifo "$fifo"
"$BIN/bench_server" < "$fifo" > "$BENCH_WORK/endpoint" & SERVER=$!
exec 3> "$fifo"
trap 'exec 3>&-; wait $SERVER 2>/dev/null; rm -rf "$fifo" "$BENCH_WORK" "$BENCH_DIR"' EXIT
for _ in $(seq 50); do [ -s "$BENCH_WORK/endpoint" ] && break; sleep 0.1; done
EP=$(cat "$BENCH_WORK/endpoint")
# OPS (default: all) picks operations; RUST_ONLY=1 skips the Python peer.
run() {
  "$BIN/classic_bench" "$EP" "$@"
  [ -n "${RUST_ONLY:-}" ] || python3 scripts/bench_python_s3transfer.py "$EP" "$@"
}
for op in ${OPS:-upload raw-put raw-mpu download raw-get upload-many download-many copy}; do
  case $op in
    raw-*) "$BIN/classic_bench" "$EP" "$op" "$SIZE" ;;
    *-many) run "$op" 0 "$COUNT" ;;
    download) [ -n "${RUST_ONLY:-}" ] || true; run download "$SIZE" ;;
    *) run "$op" "$SIZE" ;;
  esac
done
