#!/usr/bin/env bash
# Races of three CLI processes on one database: `generate` against two `update`s started at the
# same moment, ROUNDS times (default 150). After each round it checks what the store claims:
#  - the database is sound (PRAGMA integrity_check);
#  - no process leaked SQLite's "database is locked" (busy waits, then a SecSpec message);
#  - no lost update: the revision grew by exactly the number of updates that exited 0, and the
#    stored title is the one of an update that exited 0 (or the earlier one when none did);
#  - the status is `generated` only when the current revision has documents recorded;
#  - every document in the round's output folder has a generation record with its SHA-256, and
#    a generate that failed left no document.
#
#   tests/crash/races.sh PATH/TO/secspec        (make crash runs it after the kill harness)
set -uo pipefail
export LC_ALL=C.UTF-8

SECSPEC=$(realpath "${1:?usage: tests/crash/races.sh PATH/TO/secspec}")
ROUNDS=${ROUNDS:-150}
command -v sqlite3 >/dev/null || { echo "races: sqlite3 is required (make test-deps installs it)" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/secspec-races.XXXXXX")
trap '[[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home"
export HOME=$WORK/home XDG_DATA_HOME=$WORK/home/.local/share XDG_CONFIG_HOME=$WORK/home/.config
export SECSPEC_DB=$WORK/secspec.db
DB=$SECSPEC_DB

"$SECSPEC" answers-template >"$WORK/answers.toml"
ID=$("$SECSPEC" new --answers "$WORK/answers.toml" | tr -dc '0-9')
[[ -n $ID ]] || { echo "races: could not create the project" >&2; exit 2; }

answers_with_title() { sed "s/^title = .*/title = \"$1\"/" "$WORK/answers.toml" >"$2"; }
q() { sqlite3 "$DB" "$1"; }

fail=0 leaked=0 lost=0 false_generated=0 unrecorded=0 leftovers=0 corrupt=0
gen_ok=0 gen_conflict=0 upd_ok=0 upd_refused=0
for round in $(seq "$ROUNDS"); do
  out=$WORK/out$round
  answers_with_title "競合試験A-$round" "$WORK/a.toml"
  answers_with_title "競合試験B-$round" "$WORK/b.toml"
  rev_before=$(q "SELECT revision FROM projects WHERE id = $ID;")
  title_before=$(q "SELECT title FROM projects WHERE id = $ID;")
  "$SECSPEC" generate "$ID" --out "$out" >"$WORK/g.log" 2>&1 &
  g=$!
  # The updates start 0–149 ms later, so some land while generate renders, some while it
  # records, and some after it finished.
  (sleep "0.$(printf %03d $((RANDOM % 150)))"; exec "$SECSPEC" update "$ID" --answers "$WORK/a.toml") >"$WORK/a.log" 2>&1 &
  a=$!
  (sleep "0.$(printf %03d $((RANDOM % 150)))"; exec "$SECSPEC" update "$ID" --answers "$WORK/b.toml") >"$WORK/b.log" 2>&1 &
  b=$!
  wait $g; gs=$?
  wait $a; as=$?
  wait $b; bs=$?

  [[ $(q "PRAGMA integrity_check;") == ok ]] || { corrupt=$((corrupt + 1)); echo "round $round: integrity check failed"; }
  if grep -qi "database is locked" "$WORK"/{g,a,b}.log; then
    leaked=$((leaked + 1)); echo "round $round: 'database is locked' leaked: $(cat "$WORK"/{g,a,b}.log)"
  fi
  ok_updates=$(( (as == 0) + (bs == 0) ))
  upd_ok=$((upd_ok + ok_updates)); upd_refused=$((upd_refused + 2 - ok_updates))
  rev_after=$(q "SELECT revision FROM projects WHERE id = $ID;")
  title_after=$(q "SELECT title FROM projects WHERE id = $ID;")
  expected_titles=()
  [[ $as == 0 ]] && expected_titles+=("競合試験A-$round")
  [[ $bs == 0 ]] && expected_titles+=("競合試験B-$round")
  [[ $ok_updates == 0 ]] && expected_titles+=("$title_before")
  title_known=0
  for t in "${expected_titles[@]}"; do [[ $title_after == "$t" ]] && title_known=1; done
  if (( rev_after != rev_before + ok_updates )) || (( ! title_known )); then
    lost=$((lost + 1)); echo "round $round: revision $rev_before -> $rev_after with $ok_updates updates acknowledged; title '$title_after'"
  fi
  status=$(q "SELECT status FROM projects WHERE id = $ID;")
  recorded_now=$(q "SELECT count(*) FROM generations WHERE project_id = $ID AND project_revision = $rev_after;")
  if [[ $status == generated && $recorded_now == 0 ]]; then
    false_generated=$((false_generated + 1)); echo "round $round: status generated, revision $rev_after has no documents"
  fi
  if [[ $gs == 0 ]]; then gen_ok=$((gen_ok + 1)); else gen_conflict=$((gen_conflict + 1)); fi
  if [[ -d $out ]]; then
    while IFS= read -r -d '' f; do
      name=$(basename "$f")
      if [[ $name == .* ]]; then leftovers=$((leftovers + 1)); echo "round $round: temporary file left: $name"; continue; fi
      sum=$(sha256sum "$f" | cut -d' ' -f1)
      n=$(q "SELECT count(*) FROM generations WHERE project_id = $ID AND file_name = '$name' AND sha256 = '$sum';")
      if [[ $n == 0 || $gs != 0 ]]; then
        unrecorded=$((unrecorded + 1)); echo "round $round: $name on disk without a record (generate exit $gs)"
      fi
    done < <(find "$out" -maxdepth 1 -type f -print0)
  fi
  rm -rf "$out"
done

fail=$((corrupt + leaked + lost + false_generated + unrecorded + leftovers))
printf '\n%-58s %6s\n' "races of generate + 2 updates (one database)" "$ROUNDS"
printf '%-58s %6s\n' "generate: recorded / refused (project moved on)" "$gen_ok / $gen_conflict"
printf '%-58s %6s\n' "updates: stored / refused (revision conflict)" "$upd_ok / $upd_refused"
printf '%-58s %6s\n' "integrity_check failures" "$corrupt"
printf '%-58s %6s\n' "'database is locked' leaked to the user" "$leaked"
printf '%-58s %6s\n' "lost or unacknowledged updates" "$lost"
printf '%-58s %6s\n' "'generated' on a revision without documents" "$false_generated"
printf '%-58s %6s\n' "documents on disk without a record" "$unrecorded"
printf '%-58s %6s\n' "temporary files left" "$leftovers"
(( fail == 0 ))
