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
# dodont and its tools; the benchmarks' rivals (GLib, ck, libuv, Debian's
# C-Thread-Pool, which is also a test of verify); bear for compile_commands;
# stress-ng for make soak; python3 for the score and soak tables; clang's
# sanitizer and libFuzzer runtimes (only recommended by clang, and make deps
# installs without recommends).
packages="make gcc clang libclang-rt-14-dev llvm valgrind gdb binutils util-linux libcmocka-dev libjansson-dev
          clang-tidy cppcheck coccinelle time stress-ng python3 pkg-config bear
          libglib2.0-dev libck-dev libuv1-dev cthreadpool-dev ${DODONT_PACKAGES:-}"
# Only the browser test of the HTML report needs chromium: where it cannot be
# installed, that one test is skipped and says why; nothing else needs it.
optional="chromium"

missing_of() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			printf ' %s' "$p"
	done
}
missing=$(missing_of $packages)
missing_optional=$(missing_of $optional)
[ -z "$missing" ] && [ -z "$missing_optional" ] && exit 0
if [ "${1:-}" = "--check" ] || [ "$(id -u)" -ne 0 ]; then
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo "
	[ -n "$missing_optional" ] && [ "${1:-}" != "--check" ] &&
		echo "dodont: optional:$missing_optional (the HTML report's browser test is" \
			"skipped without it): ${sudo}apt-get install -y$missing_optional" >&2
	[ -z "$missing" ] && exit 0
	echo "dodont: missing packages:$missing; run: make deps (or: ${sudo}apt-get update && ${sudo}apt-get install -y$missing)" >&2
	exit 2
fi
echo "make deps: installing$missing$missing_optional" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || { echo "dodont: apt-get update failed" >&2; exit 2; }
if [ -n "$missing" ]; then
	apt-get install -y -qq --no-install-recommends $missing >&2 ||
		{ echo "dodont: apt-get install$missing failed" >&2; exit 2; }
fi
if [ -n "$missing_optional" ]; then
	apt-get install -y -qq --no-install-recommends $missing_optional >&2 ||
		echo "dodont: apt-get install$missing_optional failed: the HTML report's" \
			"browser test will be skipped" >&2
fi
exit 0
