#!/bin/sh
# make deps: install the Debian packages the project needs, when missing.
# As root it installs them; otherwise it prints the exact command and exits 2.
# Silent when everything is present.
set -u
packages="make gcc clang llvm valgrind gdb util-linux libcmocka-dev libjansson-dev
          clang-tidy cppcheck coccinelle time"
# Only the browser test of the HTML report needs chromium: where it cannot be
# installed, that one test is skipped and says why; nothing else needs it.
optional="chromium"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
missing_optional=""
for p in $optional; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing_optional="$missing_optional $p"
done
[ -z "$missing" ] && [ -z "$missing_optional" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	[ -n "$missing_optional" ] && echo "dodont: optional:$missing_optional (the HTML" \
		"report's browser test is skipped without it): sudo apt-get install -y$missing_optional" >&2
	[ -z "$missing" ] && exit 0
	echo "dodont: missing packages:$missing; run: sudo apt-get update && sudo apt-get install -y$missing" >&2
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
