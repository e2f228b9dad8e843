#!/usr/bin/env bash
# Side by side in one run: `secspec check` of a 100-page specification as a whole process (start,
# read, check, verdict) versus LibreOffice headless converting the same DOCX to plain text.
# The DOCX is the one the readers benchmark writes (SECSPEC_BENCH_OUT); prints both times and
# their ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
docx="${1:-build/bench/spec-100-pages.docx}"
[ -f "$docx" ] || { echo "missing $docx: run the readers benchmark with SECSPEC_BENCH_OUT first (make bench does)"; exit 1; }
cargo build --release --locked -q -p secspec-cli
bin="$target/release/secspec"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
runs="${RUNS:-10}"
now() { date +%s%N; }

"$bin" check "$docx" >/dev/null || { echo "secspec check did not pass the benchmark document"; exit 1; }
start=$(now)
for _ in $(seq "$runs"); do "$bin" check "$docx" >/dev/null; done
ours_us=$(( ($(now) - start) / runs / 1000 ))

profile="-env:UserInstallation=file://$work/lo-profile"
libreoffice "$profile" --headless --convert-to txt:Text --outdir "$work/warm" "$docx" >/dev/null 2>&1
start=$(now)
libreoffice "$profile" --headless --convert-to txt:Text --outdir "$work/lo" "$docx" >/dev/null 2>&1
lo_us=$(( ($(now) - start) / 1000 ))
[ -s "$work/lo/$(basename "${docx%.*}").txt" ] || { echo "LibreOffice wrote no text"; exit 1; }

printf '%-52s %8s\n' "secspec check, whole process (mean of $runs)" "$((ours_us / 1000)).$(( (ours_us % 1000) / 100 )) ms"
printf '%-52s %8s\n' "LibreOffice DOCX->TXT, same file" "$((lo_us / 1000)).$(( (lo_us % 1000) / 100 )) ms"
awk -v lo="$lo_us" -v ours="$ours_us" 'BEGIN { printf "ratio LibreOffice / secspec check: %.1fx\n", lo / (ours > 0 ? ours : 1) }'
