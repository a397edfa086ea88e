#!/usr/bin/env bash
# Regenerate src/crt/sys/bindings.rs (the committed Rust bindings to the vendored CRT) with bindgen.
#
# Needs libclang (Debian/Ubuntu: apt-get install -y libclang-dev); a normal build never does.
# The bindings are generated on and for x86_64 Linux: their layout assertions pin x86_64 sizes.
#
# How it works: `cargo build --features bindgen` makes build.rs render aws/common/config.h, run
# bindgen over the headers listed in build.rs (`mod bindings`: HEADERS and FILE_PATTERN) and write
# $OUT_DIR/bindings.rs. This script finds that OUT_DIR from cargo's JSON messages and copies the file
# here. Review the diff, then run the tests (the layout assertions compile with the crate).
#
#   scripts/regen-bindings.sh          # regenerate and copy
#   scripts/regen-bindings.sh --check  # regenerate and fail if the committed file differs
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target}"

check=0
[ "${1:-}" = "--check" ] && check=1

# The crate itself may not compile while bindings.rs is being replaced, so only the build script
# needs to succeed: build the lib and take the out_dir from the build-script-executed message.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo build --lib --features bindgen --message-format=json-render-diagnostics >"$log" || true
out_dir="$(python3 - "$log" <<'PY'
import json, sys
out = ""
for line in open(sys.argv[1]):
    try:
        m = json.loads(line)
    except ValueError:
        continue
    # Our own package: a path dependency whose id names s3transfer (e.g. "path+file:///work/crt#s3transfer@0.1.0").
    pid = m.get("package_id", "")
    if m.get("reason") == "build-script-executed" and pid.startswith("path+file://") and "s3transfer@" in pid:
        out = m.get("out_dir", "")
print(out)
PY
)"
if [ -z "$out_dir" ] || [ ! -f "$out_dir/bindings.rs" ]; then
  echo "error: the bindgen build did not produce bindings.rs (see the cargo output above; is libclang installed?)" >&2
  exit 1
fi
dest=src/crt/sys/bindings.rs
if [ "$check" = 1 ]; then
  if cmp -s "$out_dir/bindings.rs" "$dest"; then
    echo "bindings up to date"
  else
    diff -u "$dest" "$out_dir/bindings.rs" | head -50
    echo "error: $dest is out of date; run scripts/regen-bindings.sh" >&2
    exit 1
  fi
else
  cp "$out_dir/bindings.rs" "$dest"
  echo "wrote $dest ($(wc -l <"$dest") lines) from $out_dir/bindings.rs"
fi
