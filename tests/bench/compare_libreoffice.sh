#!/usr/bin/env bash
# Side by side in one run: SecSpec writing the whole sample document set (DOCX + PDF, release
# build; in process from criterion and end to end through the CLI) versus LibreOffice headless converting the same DOCX files to PDF. Prints both times,
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

# Ours: the whole set through the CLI (process start, temporary DB, templates, fonts, every file).
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

# The in-process time of the same set (fonts and templates already loaded), from the criterion
# bench `make bench` runs just before this script.
est="$target/criterion/document_set/whole set, docx+pdf/new/estimates.json"
if [ -f "$est" ]; then
  set_us=$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["mean"]["point_estimate"] / 1000))' "$est")
  printf '%-44s %8s\n' "whole set in process (criterion mean)" "$((set_us / 1000)).$(( (set_us % 1000) / 100 )) ms"
fi
printf '%-44s %8s\n' "whole set via CLI (secspec demo, mean of $runs)" "${ours_ms} ms"
docs=$(ls "$work/warm"/*.docx | wc -l)
printf '%-44s %8s\n' "LibreOffice DOCX->PDF (same $docs documents)" "${lo_ms} ms"
ours_div=$(( ours_ms > 0 ? ours_ms : 1 ))
if [ -n "${set_us:-}" ]; then
  echo "ratio LibreOffice / SecSpec in process: $(( lo_ms * 1000 / (set_us > 0 ? set_us : 1) ))x"
fi
echo "ratio LibreOffice / SecSpec CLI (incl. process start, DB, font loading): $(( lo_ms / ours_div ))x"

# As an officer runs it: one `secspec generate` process for the answers-template project (every
# document of its set, DOCX + PDF), against LibreOffice converting just one of those DOCX files
# (the specification) to PDF, measured side by side here.
db="$work/generate.db"
"$bin" answers-template > "$work/answers.toml"
id=$("$bin" --db "$db" new --answers "$work/answers.toml" | tr -dc '0-9')
"$bin" --db "$db" generate "$id" --out "$work/gen-warm" >/dev/null
start=$(now)
for i in $(seq "$runs"); do "$bin" --db "$db" generate "$id" --out "$work/gen$i" >/dev/null; done
gen_us=$(( ($(now) - start) / runs / 1000 ))
gen_files=$(ls "$work/gen-warm" | wc -l)
spec_docx=$(ls "$work/gen-warm"/*-SPEC-*.docx | head -n 1)
libreoffice "$profile" --headless --convert-to pdf --outdir "$work/lo-one-warm" "$spec_docx" >/dev/null 2>&1
lo_runs="${LO_RUNS:-3}"
start=$(now)
for i in $(seq "$lo_runs"); do
  libreoffice "$profile" --headless --convert-to pdf --outdir "$work/lo-one$i" "$spec_docx" >/dev/null 2>&1
done
lo_one_us=$(( ($(now) - start) / lo_runs / 1000 ))
printf '%-44s %8s\n' "secspec generate, whole process ($gen_files files)" "$((gen_us / 1000)).$(( (gen_us % 1000) / 100 )) ms"
printf '%-44s %8s\n' "LibreOffice DOCX->PDF, the spec only (mean of $lo_runs)" "$((lo_one_us / 1000)).$(( (lo_one_us % 1000) / 100 )) ms"
awk -v lo="$lo_one_us" -v ours="$gen_us" 'BEGIN { printf "ratio LibreOffice (one DOCX) / secspec generate (whole set): %.1fx\n", lo / (ours > 0 ? ours : 1) }'
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
