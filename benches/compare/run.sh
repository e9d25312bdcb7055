#!/usr/bin/env bash
# Side-by-side benchmarks of kefu against its anchors; regenerates BENCHMARKS.md.
#
#   benches/compare/run.sh [--data DIR] [--no-criterion] [--out FILE]
#
# --data DIR      the shared evaluation data (default: $KEFU_DATA, else ../shared/data
#                 next to the repository root)
# --no-criterion  skip `cargo bench -p kefu-benches` (BENCHMARKS.md then has no criterion section)
# --out FILE      where to write the report (default: BENCHMARKS.md at the repository root)
#
# What it does, in order (about 15-25 minutes on 2 cores, most of it the anchors' training):
#  1. creates benches/compare/.venv and pip-installs the pinned Python anchors
#     (requirements.txt: scikit-learn, fasttext-wheel, vaderSentiment, rank_bm25);
#  2. builds `kefu` (release) and the standalone whatlang/Lingua harness in
#     benches/compare/langid (its own Cargo.lock and target/, so the workspace never compiles Lingua);
#  3. per task, runs `kefu eval … --json` and then the anchors on the same files;
#  4. runs the criterion benches with a short measurement time;
#  5. renders BENCHMARKS.md from the JSON in benches/compare/results/ (report.py).
# Not part of CI or ./scripts/test.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA="${KEFU_DATA:-$ROOT/../shared/data}"
OUT="$ROOT/BENCHMARKS.md"
CRITERION=1
while [ $# -gt 0 ]; do
  case "$1" in
    --data) DATA="$2"; shift 2 ;;
    --no-criterion) CRITERION=0; shift ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
DATA="$(cd "$DATA" && pwd)"
for d in clinc150 banking77 smp2017_ecdt stackfaq langid sst2 tweeteval_sentiment chnsenticorp; do
  [ -d "$DATA/$d" ] || { echo "missing $DATA/$d (give the data directory with --data or KEFU_DATA)" >&2; exit 2; }
done

RESULTS="$HERE/results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
COMMAND="benches/compare/run.sh $*"
STARTED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
T_START=$(date +%s)
step() { echo "[compare $(date +%H:%M:%S)] $*" >&2; echo "$(date +%s) $(cut -d' ' -f1-3 /proc/loadavg) $*" >> "$RESULTS/load.log"; }

# Single-threaded training and prediction everywhere, like kefu's core.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

step "python anchors: venv"
PYTHON="${PYTHON:-python3}"
VENV="$HERE/.venv"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install -q -r "$HERE/requirements.txt"
PY="$VENV/bin/python"

step "build: kefu CLI (release) and the whatlang/Lingua harness"
(cd "$ROOT" && cargo build --release -q -p kefu-cli)
cargo build --release -q --manifest-path "$HERE/langid/Cargo.toml"
KEFU="$ROOT/target/release/kefu"
LANGID="$HERE/langid/target/release/kefu-compare-langid"
cargo metadata -q --format-version 1 --manifest-path "$HERE/langid/Cargo.toml" > "$RESULTS/langid_metadata.json"

LANGS=en,zh,es,fr,de,pt,ja,ko,ru,ar,it,id,vi,th,tr

# --- intent ---------------------------------------------------------------------
for ds in clinc150 banking77 smp2017_ecdt; do
  step "intent $ds: kefu eval intent"
  valid=()
  [ -f "$DATA/$ds/valid.jsonl" ] && valid=(--valid "$DATA/$ds/valid.jsonl")
  "$KEFU" eval intent --train "$DATA/$ds/train.jsonl" "${valid[@]}" --test "$DATA/$ds/test.jsonl" --json \
    > "$RESULTS/kefu_intent_$ds.json"
done
step "intent: anchors (TF-IDF + LinearSVC / LogReg, fastText)"
"$PY" "$HERE/anchors.py" --data "$DATA" --out "$RESULTS" --only intent

# --- FAQ -------------------------------------------------------------------------
step "faq stackfaq: kefu eval faq"
"$KEFU" eval faq --faq "$DATA/stackfaq/faq.jsonl" --queries "$DATA/stackfaq/queries.jsonl" --json \
  > "$RESULTS/kefu_faq_stackfaq.json"
step "faq: anchors (rank_bm25, char TF-IDF)"
"$PY" "$HERE/anchors.py" --data "$DATA" --out "$RESULTS" --only faq

# --- language ID -----------------------------------------------------------------
step "lang: kefu eval lang"
"$KEFU" eval lang --test "$DATA/langid/test.jsonl" --languages "$LANGS" --json > "$RESULTS/kefu_lang_langid.json"
step "lang: whatlang and Lingua"
"$LANGID" "$DATA/langid/test.jsonl" > "$RESULTS/anchors_lang_langid.json"

# --- sentiment -------------------------------------------------------------------
for ds in sst2 tweeteval_sentiment chnsenticorp; do
  step "sentiment $ds: kefu eval sentiment (built-in and trained)"
  "$KEFU" eval sentiment --test "$DATA/$ds/test.jsonl" --json > "$RESULTS/kefu_sentiment_builtin_$ds.json"
  "$KEFU" eval sentiment --train "$DATA/$ds/train.jsonl" --test "$DATA/$ds/test.jsonl" --json \
    > "$RESULTS/kefu_sentiment_trained_$ds.json"
done
step "sentiment: anchors (VADER, TF-IDF + LogReg)"
"$PY" "$HERE/anchors.py" --data "$DATA" --out "$RESULTS" --only sentiment

# --- criterion -------------------------------------------------------------------
if [ "$CRITERION" = 1 ]; then
  step "criterion: cargo bench -p kefu-benches (short measurement)"
  touch "$RESULTS/criterion.stamp"
  (cd "$ROOT" && cargo bench -q -p kefu-benches -- --warm-up-time 1 --measurement-time 3 > "$RESULTS/criterion.log" 2>&1)
fi

step "report"
ELAPSED=$(( $(date +%s) - T_START ))
"$PY" "$HERE/report.py" --results "$RESULTS" --out "$OUT" --command "$COMMAND" --started "$STARTED" \
  --elapsed-s "$ELAPSED" --criterion-dir "$ROOT/target/criterion" --root "$ROOT"
echo "wrote $OUT in ${ELAPSED}s" >&2
