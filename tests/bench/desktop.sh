#!/usr/bin/env bash
# Desktop figures on a virtual display, release build:
#  - launch to interactive project list (the app's own trace: first list_projects served), 5 runs;
#  - idle memory: PSS summed over the app and all its WebKit processes, after 5 s idle;
#  - press "generate" to files on disk: measured by the WebDriver test (printed there).
set -euo pipefail
app="${1:?usage: desktop.sh /path/to/release/secspec-desktop}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT


xvfb-run -a -s "-screen 0 1280x860x24" bash -c '
  set -euo pipefail
  app="$1"; work="$2"
  export SECSPEC_STARTUP_TRACE=1 SECSPEC_DB="$work/bench.db"
  for i in 1 2 3 4 5; do
    "$app" 2>"$work/run$i.log" &
    pid=$!
    for t in $(seq 300); do grep -q "list_projects served" "$work/run$i.log" && break; sleep 0.05; done
    if [ "$i" = 5 ]; then
      sleep 5
      total=0
      for p in $pid $(pgrep -f "WebKit(Web|Network)Process"); do
        kb=$(awk "/^Pss:/ {print \$2}" /proc/$p/smaps_rollup 2>/dev/null || echo 0)
        echo "  pid $p $(tr "\0" " " </proc/$p/cmdline | cut -c1-60): ${kb} kB PSS"
        total=$((total + kb))
      done
      echo "idle memory (PSS, app + WebKit processes): $((total / 1024)) MB"
    fi
    kill $pid; wait $pid 2>/dev/null || true
    sed -n "s/^startup: list_projects served \([0-9]*\) ms.*/\1/p" "$work/run$i.log" >> "$work/startup.txt"
  done
' _ "$app" "$work"
echo "launch -> interactive project list (ms, 5 runs): $(tr '\n' ' ' < "$work/startup.txt")"
sort -n "$work/startup.txt" | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " ms"}'
