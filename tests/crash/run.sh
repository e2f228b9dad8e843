#!/usr/bin/env bash
# Crash-safety harness: SIGKILLs the real `secspec` CLI at random moments of `update`,
# `generate`, `checklist import` and `package import`, and after every round checks that the
# database is sound, that nothing acknowledged (exit 0 before the kill) was lost, that nothing
# half-written appears, and that no document under its final name lacks a generation record.
#
#   tests/crash/run.sh PATH/TO/secspec          (make crash builds it and runs this)
#
# Environment: KILLS (kills that must land, default 1000), SEED (for $RANDOM, default: random,
# printed so that a run can be repeated), CRASH_DIR (an empty work folder to use and keep; default
# a fresh temporary one, removed after a run that passed unless KEEP=1). Exit 0: every check held;
# 1: a check failed (details in WORK/failures.log); 2: the harness could not run.
# Needs bash >= 5, sqlite3 (make crash installs it), coreutils (timeout, sha256sum), sed, find, comm.
set -uo pipefail
export LC_ALL=C.UTF-8

SECSPEC=${1:?usage: tests/crash/run.sh PATH/TO/secspec}
SECSPEC=$(realpath "$SECSPEC")
KILLS=${KILLS:-1000}
SEED=${SEED:-$(( $(date +%s%N) % 1000000 ))}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EXAMPLE=$REPO/templates/examples/procurement.toml
RESPONSE_ANSWERS=$REPO/templates/examples/response.toml

die() { echo "crash: $*" >&2; exit 2; }
[[ -x $SECSPEC ]] || die "$SECSPEC is not an executable"
command -v sqlite3 >/dev/null || die "sqlite3 is required: apt-get install sqlite3 (make test-deps installs it)"
command -v timeout >/dev/null || die "timeout (coreutils) is required"
[[ $KILLS =~ ^[0-9]+$ && $KILLS -ge 1 ]] || die "KILLS must be a positive number"
RANDOM=$SEED

WORK=${CRASH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/secspec-crash.XXXXXX")}
mkdir -p "$WORK" || die "cannot create $WORK"
WORK=$(realpath "$WORK")
[[ -z $(ls -A "$WORK") ]] || die "$WORK is not empty"
DB=$WORK/secspec.db
OUT=$WORK/out
FAILLOG=$WORK/failures.log
: >"$FAILLOG"
# A private home, so that nothing of the user's own SecSpec data is looked at or adopted.
mkdir -p "$WORK/home"
export HOME=$WORK/home XDG_DATA_HOME=$WORK/home/.local/share XDG_CONFIG_HOME=$WORK/home/.config
export SECSPEC_DB=$DB

ss() { "$SECSPEC" "$@"; }
now_us() { NOW=${EPOCHREALTIME/./}; NOW=$((10#$NOW)); }

# --- answers files ----------------------------------------------------------------------------
# Every update writes the same round number into three places stored apart: the title (a column
# and the project JSON), the officer (project JSON) and a clause parameter (clause_params).
tag() { printf -v TAG 'R%06d' "$1"; }
# Variant b: the same answers with a different checklist (four items answered otherwise).
VARIANT_B=(-e 's/^au_log_review = .*/au_log_review = { answer = { status = "implemented" }, evidence = "ログ点検記録（版B）。" }/'
    -e 's/^at_middleware_patching = .*/at_middleware_patching = { answer = { status = "implemented" } }/'
    -e 's/^pr_encryption_at_rest = .*/pr_encryption_at_rest = { answer = { status = "partial", done = 1, of = 2 }, owner = "基盤担当 佐藤" }/'
    -e 's/^da_backup = .*/da_backup = { answer = { status = "not_implemented" }, owner = "運用監視チーム", due = "2027-05-31" }/')
answers_for() { # round, variant (a: the example's checklist, b: VARIANT_B), file
    local t extra=()
    tag "$1"; t=$TAG
    [[ $2 == b ]] && extra=("${VARIANT_B[@]}")
    sed -e "s/^title = .*/title = \"クラッシュ試験 $t\"/" \
        -e "s/^officer = .*/officer = \"担当者 $t\"/" \
        -e "s/^incident_contact = .*/incident_contact = \"連絡先 $t\"/" \
        "${extra[@]}" "$EXAMPLE" >"$3"
}

# --- reading the database ---------------------------------------------------------------------
# One sqlite3 process per round. It must not checkpoint the WAL on close: the next command
# finds the database exactly as the killed one left it.
CHECKLIST_SQL="SELECT item_id, status, done_count, target_count, evidence, owner, due FROM checklist_answers WHERE project_id = 1 ORDER BY item_id; SELECT question_id, answer FROM checklist_profile WHERE project_id = 1 ORDER BY question_id; SELECT item_id, include, reason FROM checklist_overrides WHERE project_id = 1 ORDER BY item_id"
STATE_SQL=".dbconfig no_ckpt_on_close on
SELECT 'i|' || group_concat(integrity_check, '; ') FROM pragma_integrity_check;
SELECT 'f|' || count(*) FROM pragma_foreign_key_check;
SELECT 'p|' || title || '|' || ifnull(json_extract(data, '\$.title'), '') || '|' || ifnull(json_extract(data, '\$.officer'), '') || '|' || ifnull((SELECT value FROM clause_params WHERE project_id = 1 AND clause_id = 'breach' AND name = 'incident_contact'), '') || '|' || revision FROM projects WHERE id = 1;
SELECT 'g|' || count(*) FROM generations;
SELECT 'r|' || count(*) || '|' || (SELECT count(*) FROM responses r WHERE NOT EXISTS (SELECT 1 FROM response_signers s WHERE s.response_id = r.id)) || '|' || (SELECT count(*) FROM contractor_keys WHERE replaced_at IS NULL) FROM responses;
SELECT 'c|' || hex(sha3_query('${CHECKLIST_SQL//\'/\'\'}'));"

# Sets S_INTEGRITY S_FK S_TITLE S_DTITLE S_OFFICER S_PARAM S_REV S_GEN S_RESP S_UNSIGNED
# S_KEYS S_CHECKLIST; S_ERR holds sqlite3's complaint when the file could not be read at all.
read_state() {
    local line out
    S_INTEGRITY="" S_FK="" S_TITLE="" S_DTITLE="" S_OFFICER="" S_PARAM="" S_REV="" S_GEN=""
    S_RESP="" S_UNSIGNED="" S_KEYS="" S_CHECKLIST="" S_ERR=""
    out=$(sqlite3 -batch -bail "$DB" <<<"$STATE_SQL" 2>&1) || { S_ERR=${out//$'\n'/ }; S_ERR=${S_ERR#*no_ckpt_on_close on }; }
    while IFS= read -r line; do
        case $line in
            i\|*) S_INTEGRITY=${line#i|} ;;
            f\|*) S_FK=${line#f|} ;;
            p\|*) IFS='|' read -r _ S_TITLE S_DTITLE S_OFFICER S_PARAM S_REV <<<"$line" ;;
            g\|*) S_GEN=${line#g|} ;;
            r\|*) IFS='|' read -r _ S_RESP S_UNSIGNED S_KEYS <<<"$line" ;;
            c\|*) S_CHECKLIST=${line#c|} ;;
        esac
    done <<<"$out"
}
# The round number a stored value carries, in RO ("?" when it carries none).
round_of() { if [[ $1 =~ R([0-9]{6})$ ]]; then RO=$((10#${BASH_REMATCH[1]})); else RO="?"; fi; }

# --- bookkeeping ------------------------------------------------------------------------------
OPS=(update generate checklist package)
declare -A ROUNDS KILLED STORED DONE OTHER FAIL
CHECKS=(1 2 3 4 5 6)
CHECK_NAME=([1]="integrity_check ok, no foreign key violations"
    [2]="acknowledged changes stored, nothing goes back"
    [3]="one whole version (answers, checklist, response)"
    [4]="final-name files match a generation record"
    [5]="acknowledged documents still under final names"
    [6]="command not killed exits 0 (also after kills)")
for op in "${OPS[@]}"; do
    ROUNDS[$op]=0 KILLED[$op]=0 STORED[$op]=0 DONE[$op]=0 OTHER[$op]=0
    for c in "${CHECKS[@]}"; do FAIL[$op,$c]=0; done
done
PARTS_SEEN=0 OLDS_SEEN=0 LEFT_AFTER_NEXT=0 FIRST_FAIL_SAVED=""
declare -A HIDDEN_KNOWN # hidden leftovers seen and not yet removed

ROUND=0 OP=setup ACKED=0 KEPT=0
# A state that stays wrong (a half-written row, say) is counted in the round it appears, not again
# in every later round: fail_state counts only what the previous round did not already report.
declare -A STATE_NOW STATE_BEFORE
fail_state() { # key, check, message
    STATE_NOW[$1]=$3
    [[ ${STATE_BEFORE[$1]:-} == "$3" ]] || fail "$2" "$3"
}
fail() { # check, message
    FAIL[$OP,$1]=$((FAIL[$OP,$1] + 1))
    printf 'round %d (%s): check %s: %s\n' "$ROUND" "$OP" "$1" "$2" >>"$FAILLOG"
    if [[ -z $FIRST_FAIL_SAVED ]]; then
        FIRST_FAIL_SAVED=$WORK/first-failure
        mkdir -p "$FIRST_FAIL_SAVED"
        cp -p "$DB"* "$FIRST_FAIL_SAVED/" 2>/dev/null
        cp -p "$WORK/cmd.out" "$WORK/cmd.err" "$FIRST_FAIL_SAVED/" 2>/dev/null
        printf 'round %d (%s), seed %s, check %s: %s\n' "$ROUND" "$OP" "$SEED" "$1" "$2" \
            >"$FIRST_FAIL_SAVED/what.txt"
    fi
    return 0
}

# --- setup ------------------------------------------------------------------------------------
cd "$WORK" || die "cannot enter $WORK"
echo "crash: secspec $SECSPEC"
echo "crash: work folder $WORK, seed $SEED, kills $KILLS"

answers_for 0 a "$WORK/answers.toml"
ID=$(ss new --answers "$WORK/answers.toml") || die "secspec new failed"
[[ $ID == 1 ]] || die "expected project 1, got $ID"
# The two checklist workbooks: variant b exported, then variant a (the answers file's own).
answers_for 0 b "$WORK/answers-b.toml"
ss update 1 --answers "$WORK/answers-b.toml" >/dev/null || die "update (variant b) failed"
ss checklist export 1 --out "$WORK/checklist-b.xlsx" >/dev/null || die "checklist export failed"
read_state; CL_B=$S_CHECKLIST
ss update 1 --answers "$WORK/answers.toml" >/dev/null || die "update (variant a) failed"
ss checklist export 1 --out "$WORK/checklist-a.xlsx" >/dev/null || die "checklist export failed"
read_state; CL_A=$S_CHECKLIST
[[ -n $CL_A && $CL_A != "$CL_B" ]] || die "the two checklist variants are not told apart"
declare -A CL_OF=([a]=$CL_A [b]=$CL_B)
# The review package and the contractor's response (the contractor has a database of its own).
ss package export 1 --out "$WORK/review.secspec" >/dev/null || die "package export failed"
SECSPEC_DB=$WORK/contractor.db ss respond "$WORK/review.secspec" --answers "$RESPONSE_ANSWERS" \
    --out "$WORK/response.secspec" >/dev/null || die "respond failed"
mkdir -p "$OUT"

# The command line of an operation; CL_TARGET is the checklist a checklist import writes.
CL_TARGET=""
command_for() { # op, round
    case $1 in
        update)
            answers_for "$2" a "$WORK/round.toml"
            CMD=(update 1 --answers "$WORK/round.toml") ;;
        generate) CMD=(generate 1 --out "$OUT") ;;
        checklist)
            if ((RANDOM % 2)); then CL_TARGET=b; else CL_TARGET=a; fi
            CMD=(checklist import 1 "$WORK/checklist-$CL_TARGET.xlsx") ;;
        package) CMD=(package import 1 "$WORK/response.secspec") ;;
    esac
}

# Calibration: each operation five times without a kill (checked like any round); the kill
# delay is drawn from 0 .. 1.25 x the median duration, so that most rounds are killed somewhere
# in the command and some complete (acknowledged changes are checked too).
declare -A LIMIT_US MEDIAN_MS
read_state
round_of "$S_TITLE"
LAST_ROUND=$RO LAST_REV=$S_REV LAST_GEN=$S_GEN LAST_RESP=$S_RESP
LAST_CL=$S_CHECKLIST
declare -A EXPECTED_DOCS # file name -> sha256, from acknowledged generates
: >"$WORK/listing"

# --- one round's checks -----------------------------------------------------------------------
check_round() { # op, rc
    local op=$1 rc=$2 acked=0 r line path sha printed=()
    ((rc == 0)) && acked=1
    ACKED=$acked KEPT=0
    local key
    STATE_BEFORE=()
    for key in "${!STATE_NOW[@]}"; do STATE_BEFORE[$key]=${STATE_NOW[$key]}; done
    STATE_NOW=()
    # An acknowledged generate printed each file it wrote with its SHA-256.
    if [[ $op == generate && $acked == 1 ]]; then
        while IFS= read -r line; do
            [[ $line =~ ^(.+)\ \ ([0-9a-f]{64})$ ]] || continue
            path=${BASH_REMATCH[1]} sha=${BASH_REMATCH[2]}
            printed+=("${path##*/}|$sha")
            EXPECTED_DOCS[${path##*/}]=$sha
        done <"$WORK/cmd.out"
        ((${#printed[@]})) || fail 2 "generate acknowledged but printed no file"
    fi
    read_state
    # 1. The file is sound.
    if [[ -n $S_ERR || -z $S_REV ]]; then
        fail_state db 1 "sqlite3 cannot read the database or project 1: ${S_ERR:-no row}"
        check_documents "${printed[@]}"
        return
    elif [[ $S_INTEGRITY != ok ]]; then
        fail_state integrity 1 "integrity_check: $S_INTEGRITY"
    elif [[ $S_FK != 0 ]]; then
        fail_state fk 1 "$S_FK foreign key violation(s)"
    fi
    # 3. One complete version: the three fields carry one round number, the checklist is one
    # workbook's, and an imported response has its signer record and a remembered key.
    local mixed=0 v
    round_of "$S_TITLE"; r=$RO
    for v in "$S_DTITLE" "$S_OFFICER" "$S_PARAM"; do round_of "$v"; [[ $RO == "$r" ]] || mixed=1; done
    if [[ $r == "?" || $mixed == 1 ]]; then
        fail_state answers 3 "mixed answers: title '$S_TITLE', data.title '$S_DTITLE', officer '$S_OFFICER', incident_contact '$S_PARAM'"
    fi
    if [[ $S_CHECKLIST != "$CL_A" && $S_CHECKLIST != "$CL_B" ]]; then
        fail_state checklist 3 "the checklist is neither workbook's version (a mix): ${S_CHECKLIST:0:16}"
    fi
    if ((S_UNSIGNED != 0)); then
        fail_state unsigned 3 "$S_UNSIGNED imported response(s) without their signer record (response_signers)"
    fi
    if ((S_RESP > 0 && S_KEYS != 1)); then
        fail_state keys 3 "$S_RESP response(s) imported but $S_KEYS current contractor key(s) remembered"
    fi
    # 2. Acknowledged changes are stored, and nothing stored goes back.
    if [[ $op == update && $acked == 1 ]]; then
        [[ $r == "$ROUND" ]] || fail 2 "update of round $ROUND acknowledged, the stored title is of round $r"
        ((S_REV == LAST_REV + 1)) || fail 2 "update acknowledged, revision $LAST_REV -> $S_REV"
    elif [[ $r != "$LAST_ROUND" && ! ($op == update && $r == "$ROUND") ]]; then
        fail 2 "stored title of round $r after the $op of round $ROUND; last stored: round $LAST_ROUND"
    fi
    ((S_REV >= LAST_REV)) || fail 2 "revision went back from $LAST_REV to $S_REV"
    local want=$LAST_CL alt=$LAST_CL
    [[ $op == update ]] && alt=$CL_A
    [[ $op == checklist ]] && alt=${CL_OF[$CL_TARGET]}
    if ((acked)) && [[ $op == update || $op == checklist ]]; then want=$alt; fi
    if [[ $S_CHECKLIST != "$want" && ($acked == 1 || $S_CHECKLIST != "$alt") ]]; then
        fail 2 "checklist ${S_CHECKLIST:0:12} after $op (acknowledged: $acked); expected ${want:0:12}"
    fi
    if ((S_RESP < LAST_RESP)); then
        fail 2 "imported responses went back from $LAST_RESP to $S_RESP"
    elif [[ $op == package && $acked == 1 ]] && ((S_RESP != LAST_RESP + 1)); then
        fail 2 "package import acknowledged, responses $LAST_RESP -> $S_RESP"
    elif [[ $op != package ]] && ((S_RESP != LAST_RESP)); then
        fail 2 "responses $LAST_RESP -> $S_RESP without a package import"
    fi
    if ((S_GEN < LAST_GEN)); then
        fail 2 "generation records went back from $LAST_GEN to $S_GEN"
    elif [[ $op != generate ]] && ((S_GEN != LAST_GEN)); then
        fail 2 "generation records $LAST_GEN -> $S_GEN without a generate"
    elif ((${#printed[@]} && S_GEN < LAST_GEN + ${#printed[@]})); then
        fail 2 "generate acknowledged with ${#printed[@]} files, records $LAST_GEN -> $S_GEN"
    fi
    # A killed command whose change is stored all the same: the kill landed after the commit.
    case $op in
        update) [[ $r == "$ROUND" ]] && KEPT=1 ;;
        generate) ((S_GEN > LAST_GEN)) && KEPT=1 ;;
        checklist) [[ $S_CHECKLIST != "$LAST_CL" ]] && KEPT=1 ;;
        package) ((S_RESP > LAST_RESP)) && KEPT=1 ;;
    esac
    [[ $r != "?" ]] && LAST_ROUND=$r
    LAST_REV=$S_REV LAST_GEN=$S_GEN LAST_RESP=$S_RESP
    [[ -n $S_CHECKLIST ]] && LAST_CL=$S_CHECKLIST
    check_documents "${printed[@]}"
}

# 4/5. The output folder: each new or changed file under a final name must match a generation
# record (name, SHA-256, size), and every file an acknowledged generate printed must still be
# there. Hidden leftovers of a killed command (.part, .old) are counted; after the next completed
# generate the harness counts those still there (SecSpec leaves them) and removes them. A
# completed command must leave none of its own.
check_documents() { # printed "name|sha" of this round's acknowledged generate
    local name n sha size line f hidden=() changed=() values=""
    while IFS= read -r -d '' f; do hidden+=("$f"); done \
        < <(find "$OUT" -mindepth 1 -maxdepth 1 -name '.*' -print0)
    for f in "${hidden[@]}"; do
        name=${f##*/}
        case $name in
            *.part | *.old) ;;
            *) fail 4 "unexpected hidden entry $name"; rm -rf -- "$f"; continue ;;
        esac
        if [[ -z ${HIDDEN_KNOWN[$name]:-} ]]; then
            HIDDEN_KNOWN[$name]=1
            ((ACKED)) && fail 4 "$name left behind by a command that completed"
            [[ $name == *.part ]] && PARTS_SEEN=$((PARTS_SEEN + 1)) || OLDS_SEEN=$((OLDS_SEEN + 1))
        elif [[ $OP == generate ]] && ((ACKED)); then
            LEFT_AFTER_NEXT=$((LEFT_AFTER_NEXT + 1))
        fi
    done
    if [[ $OP == generate ]] && ((ACKED)); then
        for f in "${hidden[@]}"; do rm -rf -- "$f"; done
        HIDDEN_KNOWN=()
    fi
    find "$OUT" -mindepth 1 -maxdepth 1 ! -name '.*' -printf '%f\t%i\t%s\t%T@\t%y\n' | sort >"$WORK/listing.new"
    mapfile -t changed < <(comm -13 "$WORK/listing" "$WORK/listing.new")
    mv "$WORK/listing.new" "$WORK/listing"
    if ((${#changed[@]})); then
        local paths=() sizes=()
        declare -A size_of
        for line in "${changed[@]}"; do
            IFS=$'\t' read -r name _ size _ f <<<"$line"
            if [[ $f != f ]]; then fail 4 "$name is not a regular file"; continue; fi
            paths+=("$OUT/$name") size_of[$name]=$size
        done
        declare -A sha_of
        while IFS= read -r line; do
            sha=${line%% *} f=${line#*  }
            sha_of[${f##*/}]=$sha
            n=${f##*/}; values+="${values:+,}('${n//\'/\'\'}','$sha',${size_of[${f##*/}]})"
        done < <(((${#paths[@]})) && sha256sum -- "${paths[@]}")
        if [[ -n $values ]]; then
            while IFS= read -r line; do
                [[ -n $line ]] && fail 4 "$line"
            done < <(sqlite3 -batch "$DB" ".dbconfig no_ckpt_on_close on" \
                "WITH f(n, s, z) AS (VALUES $values)
                 SELECT n || ': no generation record with this name, SHA-256 ' || s || ' and size ' || z
                        || CASE WHEN s IN (SELECT sha256 FROM generations) THEN '' ELSE ' (no record has this SHA-256 at all)' END
                   FROM f WHERE NOT EXISTS (SELECT 1 FROM generations g
                          WHERE g.file_name = f.n AND g.sha256 = f.s AND g.size_bytes = f.z)" 2>&1 | grep -v '^ *no_ckpt_on_close')
        fi
    fi
    # Printed by this round's acknowledged generate: on disk with the printed SHA-256.
    for f in "$@"; do
        name=${f%|*} sha=${f#*|}
        if [[ ! -f $OUT/$name ]]; then
            fail 5 "$name printed by the acknowledged generate is not in the folder"
        elif [[ -n ${sha_of[$name]:-} && ${sha_of[$name]} != "$sha" ]]; then
            fail 5 "$name has SHA-256 ${sha_of[$name]}, the generate printed $sha"
        fi
    done
    # Every document an acknowledged generate wrote is still under its final name.
    for name in "${!EXPECTED_DOCS[@]}"; do
        if [[ ! -f $OUT/$name ]]; then
            fail 5 "$name (written by an acknowledged generate) is gone from its final name"
            unset "EXPECTED_DOCS[$name]"
        fi
    done
}

run_round() { # op, limit in µs (0: no kill); sets RC and ELAPSED_US
    local op=$1 limit=$2 t0 delay
    command_for "$op" "$ROUND"
    now_us; t0=$NOW
    if ((limit > 0)); then
        printf -v delay '%d.%06d' $((limit / 1000000)) $((limit % 1000000))
        timeout --foreground -s KILL "$delay" "$SECSPEC" "${CMD[@]}" >"$WORK/cmd.out" 2>"$WORK/cmd.err"
    else
        "$SECSPEC" "${CMD[@]}" >"$WORK/cmd.out" 2>"$WORK/cmd.err"
    fi
    RC=$?
    now_us; ELAPSED_US=$((NOW - t0))
}

for op in "${OPS[@]}"; do
    times=()
    for i in 1 2 3 4 5; do
        ROUND=$((ROUND + 1)) OP=$op
        run_round "$op" 0
        ((RC == 0)) || die "calibration: secspec ${CMD[*]} failed ($RC): $(cat "$WORK/cmd.err")"
        check_round "$op" 0
        times+=("$ELAPSED_US")
    done
    mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
    MEDIAN_MS[$op]=$((sorted[2] / 1000))
    LIMIT_US[$op]=$((sorted[2] * 5 / 4))
done
CALIBRATION_FAILURES=$(wc -l <"$FAILLOG")
((CALIBRATION_FAILURES == 0)) || { cat "$FAILLOG" >&2; echo "crash: checks failed on uninterrupted runs; see $WORK" >&2; exit 1; }
printf 'crash: median durations (ms): update %d, generate %d, checklist import %d, package import %d\n' \
    "${MEDIAN_MS[update]}" "${MEDIAN_MS[generate]}" "${MEDIAN_MS[checklist]}" "${MEDIAN_MS[package]}"

# --- the kill rounds --------------------------------------------------------------------------
now_us; START=$NOW
LANDED=0
while ((LANDED < KILLS)); do
    ROUND=$((ROUND + 1))
    OP=${OPS[RANDOM % 4]}
    limit=${LIMIT_US[$OP]}
    delay=$((((RANDOM << 15) | RANDOM) % (limit + 1)))
    ((delay > 0)) || delay=1
    run_round "$OP" "$delay"
    ROUNDS[$OP]=$((ROUNDS[$OP] + 1))
    case $RC in
        137) KILLED[$OP]=$((KILLED[$OP] + 1)); LANDED=$((LANDED + 1)) ;;
        0) DONE[$OP]=$((DONE[$OP] + 1)) ;;
        124) OTHER[$OP]=$((OTHER[$OP] + 1)) ;; # finished as the timer fired: not acknowledged
        *) fail 6 "secspec ${CMD[*]} exited $RC: $(tr '\n' ' ' <"$WORK/cmd.err")"
           OTHER[$OP]=$((OTHER[$OP] + 1)) ;;
    esac
    check_round "$OP" "$RC"
    ((RC == 137 && KEPT)) && STORED[$OP]=$((STORED[$OP] + 1))
    if ((ROUND % 100 == 0)); then
        now_us; printf 'crash: %d kills of %d, %d s\n' "$LANDED" "$KILLS" $(((NOW - START) / 1000000)) >&2
    fi
done
# A last uninterrupted round of every operation: the database still works after all the kills.
for op in "${OPS[@]}"; do
    ROUND=$((ROUND + 1)) OP=$op
    run_round "$op" 0
    ((RC == 0)) || fail 6 "final secspec ${CMD[*]} exited $RC: $(tr '\n' ' ' <"$WORK/cmd.err")"
    check_round "$op" "$RC"
done
now_us; ELAPSED_S=$(((NOW - START) / 1000000))

# --- summary ----------------------------------------------------------------------------------
label() { case $1 in update) echo "update" ;; generate) echo "generate" ;;
    checklist) echo "checklist import" ;; package) echo "package import" ;; esac; }
total() { local -n arr=$1; local s=0 op; for op in "${OPS[@]}"; do s=$((s + arr[$op])); done; echo $s; }
row() { printf '| %-16s | %6s | %6s | %12s | %9s | %5s | %8s | %9s |\n' "$@"; }
TOTAL_FAIL=0
echo
echo "SecSpec crash-safety run: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, seed $SEED, ${ELAPSED_S} s for $KILLS kills"
echo
row operation rounds killed "after commit" completed other "delay ms" "median ms"
echo "|------------------|--------|--------|--------------|-----------|-------|----------|-----------|"
for op in "${OPS[@]}"; do
    row "$(label "$op")" "${ROUNDS[$op]}" "${KILLED[$op]}" "${STORED[$op]}" "${DONE[$op]}" "${OTHER[$op]}" \
        "0-$((LIMIT_US[$op] / 1000))" "${MEDIAN_MS[$op]}"
done
row total "$(total ROUNDS)" "$(total KILLED)" "$(total STORED)" "$(total DONE)" "$(total OTHER)" "" ""
echo
printf '| %-52s | %6s | %8s | %9s | %7s | %5s |\n' "check (failures)" update generate checklist package total
echo "|------------------------------------------------------|--------|----------|-----------|---------|-------|"
for c in "${CHECKS[@]}"; do
    sum=0
    for op in "${OPS[@]}"; do sum=$((sum + FAIL[$op,$c])); done
    TOTAL_FAIL=$((TOTAL_FAIL + sum))
    printf '| %-52s | %6d | %8d | %9d | %7d | %5d |\n' "$c. ${CHECK_NAME[$c]}" "${FAIL[update,$c]}" \
        "${FAIL[generate,$c]}" "${FAIL[checklist,$c]}" "${FAIL[package,$c]}" "$sum"
done
echo
echo "killed: SIGKILL landed while the command ran; after commit: killed, yet its change was already stored;"
echo "completed: exited 0 before the kill (acknowledged); other: exit 124 (finished as the timer fired) or an error."
echo "Hidden leftovers of killed commands in the output folder: $PARTS_SEEN .part, $OLDS_SEEN .old;" \
    "$LEFT_AFTER_NEXT still there after the next completed generate (then removed by the harness)."
if ((TOTAL_FAIL > 0)); then
    echo
    echo "FAILED: $TOTAL_FAIL check failure(s); all in $FAILLOG, the first failure's database in $FIRST_FAIL_SAVED:"
    head -n 20 "$FAILLOG"
    exit 1
fi
echo "All checks passed."
[[ ${KEEP:-0} == 1 || -n ${CRASH_DIR:-} ]] || rm -rf "$WORK"
exit 0
