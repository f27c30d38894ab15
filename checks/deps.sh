#!/bin/sh
# make deps: install the Debian packages the project needs, when missing.
# As root it installs them; otherwise it prints the exact command and exits 2.
# Silent when everything is present.
set -u
packages="make gcc clang llvm valgrind gdb util-linux libcmocka-dev libjansson-dev
          clang-tidy cppcheck coccinelle time
          libglib2.0-dev libck-dev libuv1-dev cthreadpool-dev pkg-config"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "dodont: missing packages:$missing; run: sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 2
fi
echo "make deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || { echo "dodont: apt-get update failed" >&2; exit 2; }
apt-get install -y -qq --no-install-recommends $missing >&2 ||
	{ echo "dodont: apt-get install$missing failed" >&2; exit 2; }
