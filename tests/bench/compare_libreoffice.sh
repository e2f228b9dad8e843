#!/usr/bin/env bash
# Side by side in one run: SecSpec writing the whole sample document set (DOCX + PDF, release
# build) versus LibreOffice headless converting the same DOCX files to PDF. Prints both times,
# their ratio, and the PDF sizes of ours and LibreOffice's for the same content.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --locked -q -p secspec-cli
bin="$target/release/secspec"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
runs="${RUNS:-10}"

now() { date +%s%N; }

# Ours: the whole set through the CLI (process start, temporary DB, templates, fonts, 6 files).
"$bin" demo --out "$work/warm" >/dev/null
start=$(now)
for i in $(seq "$runs"); do "$bin" demo --out "$work/ours$i" >/dev/null; done
ours_ms=$(( ($(now) - start) / runs / 1000000 ))

# LibreOffice: the same DOCX files to PDF, one warm-up, then one timed conversion of the set.
profile="-env:UserInstallation=file://$work/lo-profile"
mkdir -p "$work/lo"
libreoffice "$profile" --headless --convert-to pdf --outdir "$work/lo-warm" "$work/warm"/*.docx >/dev/null 2>&1
start=$(now)
libreoffice "$profile" --headless --convert-to pdf --outdir "$work/lo" "$work/warm"/*.docx >/dev/null 2>&1
lo_ms=$(( ($(now) - start) / 1000000 ))

printf '%-34s %8s\n' "whole set (secspec demo, mean of $runs)" "${ours_ms} ms"
printf '%-34s %8s\n' "LibreOffice DOCX->PDF (same set)" "${lo_ms} ms"
ours_div=$(( ours_ms > 0 ? ours_ms : 1 ))
echo "ratio: LibreOffice / SecSpec = $(( lo_ms / ours_div ))x"
echo
printf '%-32s %10s %12s\n' "document" "ours (B)" "LibreOffice (B)"
total_ours=0; total_lo=0
for pdf in "$work/warm"/*.pdf; do
  name=$(basename "$pdf")
  ours=$(stat -c %s "$pdf"); lo=$(stat -c %s "$work/lo/$name")
  total_ours=$((total_ours + ours)); total_lo=$((total_lo + lo))
  printf '%-32s %10d %12d\n' "$name" "$ours" "$lo"
done
printf '%-32s %10d %12d\n' "total" "$total_ours" "$total_lo"
