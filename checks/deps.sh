#!/bin/sh
# SPDX-License-Identifier: 0BSD
# make deps: install the Debian packages the project needs, when missing.
# As root it installs them; otherwise it prints the exact command and exits 2.
# Silent when everything is present.
#
#   sh checks/deps.sh            install what is missing (as root)
#   sh checks/deps.sh --check    only say what is missing, and exit 2 then:
#                                what plain `make` runs before it compiles
#
# DODONT_PACKAGES adds package names to the list (the tests use it to show
# what a machine without a package sees).
set -u
packages="make gcc clang llvm valgrind gdb binutils util-linux libcmocka-dev libjansson-dev
          clang-tidy cppcheck coccinelle time stress-ng python3 ${DODONT_PACKAGES:-}"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "${1:-}" = "--check" ] || [ "$(id -u)" -ne 0 ]; then
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo "
	echo "dodont: missing packages:$missing; run: make deps (or: ${sudo}apt-get update && ${sudo}apt-get install -y$missing)" >&2
	exit 2
fi
echo "make deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || { echo "dodont: apt-get update failed" >&2; exit 2; }
apt-get install -y -qq --no-install-recommends $missing >&2 ||
	{ echo "dodont: apt-get install$missing failed" >&2; exit 2; }
