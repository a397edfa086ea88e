#!/usr/bin/env bash
# Import the AWS Common Runtime C libraries into vendor/, byte for byte, from the Rust package registry's
# package `mountpoint-s3-crt-sys` (which ships the CRT git submodules as released), and write vendor/README.md.
#
#   scripts/import-vendor.sh            # import (replaces vendor/<lib> for the nine libraries)
#   scripts/import-vendor.sh --stage    # import, then `git add` vendor/ without git's text filters
#
# What it does:
#   1. Creates a scratch cargo project in a temp dir depending on mountpoint-s3-crt-sys = "=$CRT_SYS_VERSION"
#      and runs `cargo fetch` (the package registry through cargo, nothing else touches the network).
#   2. Verifies the downloaded .crate archive's sha256 against the checksum cargo recorded in the
#      scratch project's Cargo.lock (which cargo itself took from the registry index).
#   3. Copies crt/<lib> for the nine libraries below (NOT aws-lc, NOT s2n-tls: those come from the
#      aws-lc-sys and s2n-tls-sys crates) into vendor/<lib>, then checks every file is identical.
#   4. Writes vendor/README.md with versions, provenance, tree checksums and licence notes.
#
# Files under vendor/ are never edited by hand: configure the build from build.rs instead.
#
# Note on git: vendor/aws-c-io/.gitattributes says `* text=auto`, and one (Windows-only) file in
# aws-c-io has CRLF line endings. A plain `git add` would normalise it to LF in the repository, so a
# clone would no longer match upstream byte for byte. `--stage` adds such files with
# `git hash-object --no-filters`; once the blob holds CRLF, git leaves it alone on checkout and status.
set -euo pipefail

CRT_SYS_VERSION=0.17.1
CRATE=mountpoint-s3-crt-sys
LIBS=(aws-c-common aws-c-cal aws-c-io aws-c-compression aws-c-http aws-c-sdkutils aws-c-auth aws-checksums aws-c-s3)

stage=0
[ "${1:-}" = "--stage" ] && stage=1

repo="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$repo/vendor"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"

scratch="$(mktemp -d /tmp/import-vendor.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT

echo "==> scratch project in $scratch"
mkdir -p "$scratch/src"
cat >"$scratch/Cargo.toml" <<EOF
[package]
name = "import-vendor-scratch"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$CRATE = "=$CRT_SYS_VERSION"
EOF
echo "" >"$scratch/src/lib.rs"
(cd "$scratch" && CARGO_TARGET_DIR="$scratch/target" cargo fetch --quiet)

# The checksum cargo recorded for the package (from the registry index).
lock_sum="$(awk -v n="$CRATE" -v v="$CRT_SYS_VERSION" '
  $0 == "[[package]]" { name = ""; ver = "" }
  $1 == "name" { gsub(/"/, "", $3); name = $3 }
  $1 == "version" { gsub(/"/, "", $3); ver = $3 }
  $1 == "checksum" && name == n && ver == v { gsub(/"/, "", $3); print $3 }
' "$scratch/Cargo.lock")"
[ -n "$lock_sum" ] || { echo "error: no checksum for $CRATE $CRT_SYS_VERSION in Cargo.lock" >&2; exit 1; }

shopt -s nullglob
crates=("$cargo_home"/registry/cache/*/"$CRATE-$CRT_SYS_VERSION.crate")
srcs=("$cargo_home"/registry/src/*/"$CRATE-$CRT_SYS_VERSION")
shopt -u nullglob
[ "${#crates[@]}" -ge 1 ] || { echo "error: $CRATE-$CRT_SYS_VERSION.crate not found in $cargo_home/registry/cache" >&2; exit 1; }
[ "${#srcs[@]}" -ge 1 ] || { echo "error: unpacked $CRATE-$CRT_SYS_VERSION not found in $cargo_home/registry/src" >&2; exit 1; }
crate_file="${crates[0]}"
src="${srcs[0]}"

crate_sum="$(sha256sum "$crate_file" | cut -d' ' -f1)"
if [ "$crate_sum" != "$lock_sum" ]; then
  echo "error: $crate_file sha256 $crate_sum != Cargo.lock checksum $lock_sum" >&2
  exit 1
fi
echo "==> $CRATE $CRT_SYS_VERSION .crate sha256 $crate_sum matches Cargo.lock"

# The unpacked tree must be exactly the archive's content (cargo never edits it, but check the files
# we take: compare against a fresh extraction of the verified archive).
mkdir "$scratch/unpack"
tar -xzf "$crate_file" -C "$scratch/unpack"
fresh="$scratch/unpack/$CRATE-$CRT_SYS_VERSION"
for lib in "${LIBS[@]}"; do
  diff -r "$fresh/crt/$lib" "$src/crt/$lib" >/dev/null || {
    echo "error: $src/crt/$lib differs from the verified .crate archive" >&2; exit 1; }
done
vcs_sha="$(sed -n 's/.*"sha1": *"\([0-9a-f]*\)".*/\1/p' "$fresh/.cargo_vcs_info.json" 2>/dev/null || true)"
vcs_path="$(sed -n 's/.*"path_in_vcs": *"\([^"]*\)".*/\1/p' "$fresh/.cargo_vcs_info.json" 2>/dev/null || true)"

# Copy from the verified extraction.
mkdir -p "$vendor"
for lib in "${LIBS[@]}"; do
  rm -rf "${vendor:?}/$lib"
  cp -a "$fresh/crt/$lib" "$vendor/$lib"
  diff -r "$fresh/crt/$lib" "$vendor/$lib" >/dev/null || { echo "error: copy of $lib differs" >&2; exit 1; }
done
echo "==> copied ${LIBS[*]}"

tree_sum() { # sha256 over the sorted `sha256sum` listing of every file, paths relative to the library
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

{
  cat <<EOF
# vendor/: the AWS Common Runtime C libraries, exactly as released

**Never edit a file under \`vendor/\`.** Configure the build from \`build.rs\` instead (defines, include
dirs, which sources to compile, generated headers such as \`aws/common/config.h\` go to \`OUT_DIR\`).
To update, change \`CRT_SYS_VERSION\` in \`scripts/import-vendor.sh\`, run \`scripts/import-vendor.sh --stage\`,
and review the diff; this file is regenerated by that script.

## Provenance

| | |
|---|---|
| Package | \`$CRATE\` $CRT_SYS_VERSION (Rust package registry) |
| .crate sha256 | \`$crate_sum\` (verified against the Cargo.lock checksum of a scratch project) |
| Package git commit | \`${vcs_sha:-unknown}\` of https://github.com/awslabs/mountpoint-s3 (path \`${vcs_path:-?}\`, from \`.cargo_vcs_info.json\`) |
| Copied from | \`crt/<library>\` inside the package, byte for byte (\`cp -a\`, then \`diff -r\`) |

The package ships the CRT libraries as git submodules of mountpoint-s3; the package itself records no
upstream tag or submodule commit for them (its README, Cargo.toml and build.rs name none), so the
upstream version below is each library's own \`VERSION\` file. The package's \`exclude\` list already
dropped tests, docs, samples, verification, \`*.md\`, \`.gitignore\`, \`.github\`, \`.builder\` and
similar from every library; those files are therefore absent here too. aws-lc and s2n-tls from the
same package are NOT vendored: libcrypto and TLS come from the \`aws-lc-sys\` and \`s2n-tls-sys\` crates.

## Libraries

Tree sha256 = sha256 of the \`LC_ALL=C\`-sorted \`sha256sum\` listing of every file in the library
directory, with paths relative to it (\`cd vendor/LIB && find . -type f -print0 | LC_ALL=C sort -z |
xargs -0 sha256sum | sha256sum\`).

| Library | VERSION | Files | LICENSE | NOTICE | Tree sha256 |
|---|---|---|---|---|---|
EOF
  for lib in "${LIBS[@]}"; do
    d="$vendor/$lib"
    ver="$(tr -d '[:space:]' <"$d/VERSION" 2>/dev/null || echo '(no VERSION file)')"
    nfiles="$(find "$d" -type f | wc -l)"
    lic=no; [ -f "$d/LICENSE" ] && lic=yes
    notice=yes
    if [ ! -f "$d/NOTICE" ]; then notice="**no** (the package ships none)"; fi
    extra=""
    [ -f "$d/THIRD-PARTY-LICENSES.txt" ] && extra=" + THIRD-PARTY-LICENSES.txt"
    echo "| $lib | $ver | $nfiles | $lic$extra | $notice | \`$(tree_sum "$d")\` |"
  done
  cat <<EOF

All nine libraries are Apache-2.0 (their LICENSE files). aws-c-common also bundles third-party code
(cJSON, libcbor and others) listed in its THIRD-PARTY-LICENSES.txt. aws-checksums ships no NOTICE file
in the package (only LICENSE), so there is none here; we did not add one.

## Git note

\`vendor/aws-c-io/.gitattributes\` sets \`* text=auto\`, and
\`vendor/aws-c-io/source/windows/secure_channel_tls_handler.c\` (Windows only, never compiled here) has
CRLF line endings. It was staged with \`git hash-object --no-filters\` so the repository keeps the CRLF
bytes; the tree checksum above includes them.
EOF
} >"$vendor/README.md"
echo "==> wrote vendor/README.md"

if [ "$stage" = 1 ]; then
  cd "$repo"
  git add -- vendor
  # Re-stage any file containing a CR byte without git's eol filters (see the note at the top).
  while IFS= read -r -d '' f; do
    rel="${f#"$repo"/}"
    blob="$(git hash-object -w --no-filters -- "$rel")"
    mode=100644; [ -x "$f" ] && mode=100755
    git update-index --cacheinfo "$mode,$blob,$rel"
    echo "==> staged $rel without eol filters"
  done < <(grep -rlIZ $'\r' "$vendor" || true)
fi
echo "==> done"
