#!/usr/bin/env bash
# scripts/deb.sh OUT — `make deb`: builds the Debian package with dpkg-buildpackage from a
# copy of the tracked files in OUT/src (dpkg-buildpackage writes beside the source tree),
# leaving OUT/baomi_VERSION_ARCH.deb.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/${1:-build-deb}"
rm -rf "$out"
mkdir -p "$out/src"
cd "$root"
git ls-files -z | xargs -0 tar cf - | tar xf - -C "$out/src"
cd "$out/src"
dpkg-buildpackage -us -uc -b
ls "$out"/*.deb
