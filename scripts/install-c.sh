#!/usr/bin/env bash
# Installs the C library: PREFIX/include/s3transfer.h, PREFIX/lib/libs3transfer.a (and .so), and
# PREFIX/lib/pkgconfig/s3transfer.pc, so a C program builds with
#   gcc app.c $(pkg-config --cflags --libs s3transfer)
# (PKG_CONFIG_PATH=PREFIX/lib/pkgconfig when PREFIX is not a system prefix).
#
# Usage: scripts/install-c.sh PREFIX [release|debug]   (default release; builds the library first
# unless S3T_NO_BUILD=1, which installs what target/<profile> holds, or S3T_LIB_DIR when set: a test
# build leaves its fresh libraries only in target/<profile>/deps).
set -euo pipefail
prefix=${1:?usage: scripts/install-c.sh PREFIX [release|debug]}
profile=${2:-release}
cd "$(dirname "$0")/.."
root=$(pwd)

case "$profile" in
  release) build=(cargo build --quiet --release --lib) ;;
  debug) build=(cargo build --quiet --lib) ;;
  *) echo "profile must be release or debug, got $profile" >&2; exit 2 ;;
esac
[ "${S3T_NO_BUILD:-}" = 1 ] || "${build[@]}"
target_dir=${S3T_LIB_DIR:-${CARGO_TARGET_DIR:-$root/target}/$profile}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
# The system libraries the static archive needs (`rustc --print native-static-libs`); the same
# list is in the README and in tests/capi_example.rs.
native_libs="-lpthread -ldl -lm -lrt -lgcc_s -lutil -lc"

mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
prefix=$(cd "$prefix" && pwd)
install -m 0644 include/s3transfer.h "$prefix/include/s3transfer.h"
install -m 0644 "$target_dir/libs3transfer.a" "$prefix/lib/libs3transfer.a"
install -m 0755 "$target_dir/libs3transfer.so" "$prefix/lib/libs3transfer.so"
# Links the static archive (by path, so the .so beside it is not picked instead).
cat > "$prefix/lib/pkgconfig/s3transfer.pc" <<PC
prefix=$prefix
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: s3transfer
Description: Amazon S3 transfer manager (C API of the s3transfer crate), static library
Version: $version
Cflags: -I\${includedir}
Libs: \${libdir}/libs3transfer.a $native_libs
PC
echo "installed s3transfer $version ($profile) into $prefix"
