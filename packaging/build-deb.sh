#!/usr/bin/env bash
# packaging/build-deb.sh — build the Debian package: vitrina_VERSION_ARCH.deb.
#
#   packaging/build-deb.sh [--sources-from REV] [OUT_DIR]
#                                          (default OUT_DIR: build-deb/)
#
# dpkg-buildpackage wants debian/ at the source root, while the repository
# keeps it in packaging/debian/. So the source tree (without build folders,
# .git and the demo) is copied to a temporary folder with debian/ in place,
# built there with `dpkg-buildpackage -us -uc -b`, and the .deb, .buildinfo
# and .changes land in OUT_DIR. The build dependencies are those of
# packaging/debian/control (`packaging/deps.sh` lists the same ones).
# --sources-from REV takes everything but packaging/ from git revision REV
# (e.g. HEAD) instead of the working tree: a package of committed code while
# other edits are half-done. Same as VT_DEB_SOURCES_FROM=REV.
# Environment: VT_DEB_KEEP=1 keeps the temporary tree (its path is printed);
# DEB_BUILD_OPTIONS as usual (e.g. parallel=2).
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
rev="${VT_DEB_SOURCES_FROM:-}"
if [ "${1:-}" = --sources-from ]; then
    rev="${2:?--sources-from needs a git revision}"
    shift 2
fi
out="${1:-$src/build-deb}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

for tool in dpkg-buildpackage dh fakeroot; do
    command -v "$tool" >/dev/null || {
        echo "error: $tool is missing; install: debhelper dpkg-dev fakeroot" >&2
        exit 1
    }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/vitrina-deb.XXXXXX")"
cleanup() { [ "${VT_DEB_KEEP:-0}" = 1 ] && echo "kept: $work" || rm -rf "$work"; }
trap cleanup EXIT

tree="$work/vitrina"
mkdir -p "$tree"
# Everything but build products, VCS data and the generated demo folder.
if [ -n "$rev" ]; then
    git -C "$src" archive --format=tar "$rev" | tar -C "$tree" -xf -
    rm -rf "$tree/packaging"
    tar -C "$src" --exclude='__pycache__' -cf - packaging | tar -C "$tree" -xf -
else
    tar -C "$src" --exclude='./.git' --exclude='./build*' --exclude='./demo' \
        --exclude='__pycache__' -cf - . | tar -C "$tree" -xf -
fi
rm -rf "$tree/packaging/debian/vitrina" "$tree/packaging/debian/.debhelper"
cp -r "$tree/packaging/debian" "$tree/debian"

: "${DEB_BUILD_OPTIONS:=parallel=$(nproc)}"
export DEB_BUILD_OPTIONS
(cd "$tree" && dpkg-buildpackage -us -uc -b)

shopt -s nullglob
files=("$work"/*.deb "$work"/*.buildinfo "$work"/*.changes)
[ ${#files[@]} -gt 0 ] || { echo "error: dpkg-buildpackage produced no package" >&2; exit 1; }
cp "${files[@]}" "$out/"
for f in "${files[@]}"; do echo "built: $out/$(basename "$f")"; done
