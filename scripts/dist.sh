#!/usr/bin/env bash
# Packs a staged tree (scripts/stage.sh) with README.md, LICENSE and docs/ into OUT/NAME.tar.gz, one
# folder NAME inside; owner, order and times fixed so the same tree gives the same archive, then
# checks the archive: unpacked elsewhere, bin/tachikoma --version runs with no Swift toolchain on PATH.
# usage: scripts/dist.sh STAGE OUT NAME
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 STAGE OUT NAME" >&2; exit 2; }
stage=$1 out=$2 name=$3
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -a "$stage" "$work/$name"
cp "$root/README.md" "$root/LICENSE" "$work/$name/"
cp -a "$root/docs" "$work/$name/docs"
mkdir -p "$out"
stamp=$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" -czf "$out/$name.tar.gz" "$name"
mkdir "$work/check"
tar -C "$work/check" -xzf "$out/$name.tar.gz"
# No toolchain: only the system's folders on PATH, and nothing of Swift's on the library path.
if ! reported=$(env -i PATH=/usr/bin:/bin HOME="$work/check" "$work/check/$name/bin/tachikoma" --version); then
  echo "error: the unpacked bin/tachikoma --version failed" >&2; exit 1
fi
echo "$out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1)): unpacked, bin/tachikoma --version says $reported"
