#!/usr/bin/env bash
# scripts/deb.sh [OUT] — `make deb`: builds the Debian package with dpkg-buildpackage from a
# copy of the tracked files in OUT/src (dpkg-buildpackage writes beside the source tree),
# leaving OUT/baomi_VERSION_ARCH.deb. OUT is relative to the repository unless absolute
# (default build-deb). DEB_BUILD_OPTIONS is passed on (default: nocheck — make check runs
# the suites); the build uses every core (-Jauto).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
case "${1:-build-deb}" in
/*) out=$1 ;;
*) out="$root/${1:-build-deb}" ;;
esac
rm -rf "$out"
mkdir -p "$out/src"
cd "$root"
git ls-files -z | xargs -0 tar cf - | tar xf - -C "$out/src"
cd "$out/src"
export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-nocheck}"
dpkg-buildpackage -us -uc -b -Jauto
ls "$out"/*.deb
