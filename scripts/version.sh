#!/usr/bin/env bash
# The one place Tachikoma's version comes from: the newest tag `vX.Y.Z` reachable from HEAD, as
# `git describe` writes it without the `v` (`1.2.0`, or `1.2.0-3-gabc1234` three commits later,
# `-dirty` with uncommitted changes); with no tag, `dev-<commit>`; outside git, `dev`.
#   scripts/version.sh            prints it
#   scripts/version.sh --header   also writes Sources/CBuildVersion/build_version.h when it differs,
#                                 so the next build bakes it into `tachikoma --version`
set -euo pipefail
cd "$(dirname "$0")/.."
if version=$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
  version=${version#v}
elif commit=$(git describe --always --dirty 2>/dev/null); then
  version="dev-$commit"
else
  version="dev"
fi
if [ "${1:-}" = "--header" ]; then
  header=Sources/CBuildVersion/build_version.h
  wanted="#define TACHIKOMA_VERSION \"$version\""
  if [ "$(cat "$header" 2>/dev/null)" != "$wanted" ]; then
    printf '%s\n' "$wanted" > "$header"
    # A header that did not exist at the last build is not in its dependency list: touch the source.
    touch Sources/CBuildVersion/version.c
  fi
fi
printf '%s\n' "$version"
