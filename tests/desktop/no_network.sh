#!/usr/bin/env bash
# Proves the desktop app makes no network connection: run it under strace (following every
# child, WebKit's network and web processes included) on a virtual display until the UI has
# loaded the project list, then fail if any process tried to connect to an IPv4/IPv6 address.
# Unix-domain sockets (X11, D-Bus, WebKit's own IPC) are allowed.
set -euo pipefail
app="${1:?usage: no_network.sh /path/to/secspec-desktop}"
for tool in strace xvfb-run; do
  command -v "$tool" >/dev/null || { echo "no_network: $tool missing (apt-get install strace xvfb; make test installs them)"; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SECSPEC_DB="$work/secspec.db" SECSPEC_STARTUP_TRACE=1
xvfb-run -a -s "-screen 0 1280x860x24" bash -c '
  strace -f -qq -e trace=connect,sendto,sendmsg -o "$0/strace.log" "$1" 2>"$0/app.log" &
  pid=$!
  for i in $(seq 150); do grep -q "list_projects served" "$0/app.log" 2>/dev/null && break; sleep 0.1; done
  sleep 3
  # Stop the app (strace'"'"'s child) first; strace then exits with it. Killing only strace would
  # leave the app running detached.
  pkill -TERM -P "$pid" 2>/dev/null || true
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
' "$work" "$app"
grep -q "list_projects served" "$work/app.log" || { echo "no_network: the app never loaded its project list"; cat "$work/app.log"; exit 1; }
calls=$(grep -c 'connect(' "$work/strace.log" || true)
inet=$(grep -E 'connect\(.*(AF_INET|AF_INET6)' "$work/strace.log" | grep -v 'sa_family=AF_UNIX' || true)
if [ -n "$inet" ]; then
  echo "no_network: FAILED, network connections attempted:"; echo "$inet" | head -20; exit 1
fi
echo "no_network: ok ($calls connect() calls traced, all on Unix-domain sockets; none to IPv4/IPv6)"
echo "1 passed, 0 failed"
