#!/usr/bin/env bash
# Rewrites include/s3transfer.h from src/capi with cbindgen (settings in cbindgen.toml).
# tests/capi_header.rs fails while the committed header differs from what this writes.
set -euo pipefail
cd "$(dirname "$0")/.."
S3T_BLESS=1 cargo test --quiet --test capi_header header_is_in_step_with_src_capi
echo "wrote include/s3transfer.h"
