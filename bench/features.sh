#!/usr/bin/env bash
# What the features the shared corpus does not use cost at scale: builds
# the generated corpus at N sources as it is, and a copy of it with inline
# references, an original for every source (one in ten a saved web page)
# and two editions (bench/with_features.py, then `briefing edition` twice,
# with a twentieth of the claims reworded before each and once more after,
# so the draft has changes too), alternating the two; writes the table to
# docs/PERFORMANCE.md unless --no-write. The comparison with Hugo stays on
# the plain corpus (bench/run.sh).
#
#   bash bench/features.sh [--runs 3] [--no-write] [N]     (default: 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
N=${SIZES[0]:-10000}
cargo build --release --quiet --bin briefing
BIN="$ROOT/target/release/briefing"

plain="$PEERS/briefing-$N"
[ -d "$plain" ] || python3 "$SHARED/gen_corpus.py" --sources "$N" --out "$plain" --flavor briefing
rich="$PEERS/features-$N"
rm -rf "$rich"
mkdir -p "$rich"
cp -r "$plain/content" "$rich/content"
python3 "$ROOT/bench/with_features.py" "$rich"

# Rewords every twentieth claim's statement (the kth time, with its own
# words), for the editions to have changes to list.
reword() {
  python3 - "$rich/content/claims.yaml" "$1" <<'PY'
import re, sys
path, k = sys.argv[1], sys.argv[2]
n = 0
def sub(m):
    global n
    n += 1
    return m.group(0) if n % 20 else f'{m.group(1)}"Reworded ({k}): {m.group(2)}"'
text = re.sub(r'^(  statement: )"(.*)"$', sub, open(path).read(), flags=re.M)
open(path, "w").write(text)
PY
}
# Runs the tool in the rich copy; on failure shows the end of what it said.
in_rich() {
  ( cd "$rich" && "$BIN" "$@" --quiet >/dev/null 2>"$PEERS/features.log" ) \
    || { tail -n 30 "$PEERS/features.log" >&2; echo "briefing $* failed in $rich" >&2; exit 1; }
}
# The first build checks every quote against its original and writes the
# lock the editions and later builds rely on.
in_rich build
reword 1
in_rich edition --note "First edition." --date 2026-07-01
reword 2
in_rich edition --note "Second edition: claims reworded." --date 2026-08-01
reword 3

RESULTS=$(mktemp)
one() {  # name dir
  local t pages bytes
  t=$(cd "$2" && rm -rf public && timed "$BIN" build --quiet 2>/dev/null)
  pages=$(find "$2/public" -name index.html | wc -l)
  bytes=$(du -sb "$2/public" | cut -f1)
  echo "$1 $t $pages $bytes" | tee -a "$RESULTS" >&2
}
one plain "$plain" >/dev/null; one rich "$rich" >/dev/null   # warm-up
: > "$RESULTS"
for _ in $(seq "$RUNS"); do
  one plain "$plain"
  one rich "$rich"
done
rm -rf "$plain/public" "$rich/public"

refs=$(grep -o '\[\[' -r "$rich/content" --include='*.md' --include='*.yaml' | wc -l)
html=$(find "$rich/originals" -name '*.html' | wc -l)
text=$(find "$rich/originals" -name '*.txt' | wc -l)
editions=$(find "$rich/content/editions" -name '[0-9]*.json' | wc -l)
table=$(python3 - "$RESULTS" "$N" "$refs" "$html" "$text" "$editions" "$(git rev-parse --short HEAD)" <<'PY'
import statistics, sys, datetime
path, n, refs, html, text, editions, commit = sys.argv[1:]
rows = {}
for line in open(path):
    name, *vals = line.split()
    rows.setdefault(name, []).append([float(v) for v in vals])
def med(name, i):
    return statistics.median(r[i] for r in rows[name])
print(f"Measured {datetime.date.today()}, commit {commit}, {int(n):,} sources, median of {len(rows['plain'])} alternating runs (`bash bench/features.sh`). "
      f"The rich copy has {int(refs):,} inline references, {int(text):,} plain-text and {int(html):,} web-page originals (every quote checked against them) and {editions} editions.\n")
print("| corpus | pages | wall s | cpu s | peak RSS MiB | output MB |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name, label in [("plain", "as generated"), ("rich", "with references, originals, editions")]:
    print(f"| {label} | {int(med(name, 3)):,} | {med(name, 0):.2f} | {med(name, 1):.2f} | {med(name, 2) / 1024:,.0f} | {med(name, 4) / 1e6:,.1f} |")
print(f"\nThe features cost {med('rich', 0) / med('plain', 0):.2f}x the wall time, {med('rich', 1) / med('plain', 1):.2f}x the CPU and {med('rich', 2) / med('plain', 2):.2f}x the memory of the plain build.")
PY
)
echo "$table"
rm -f "$RESULTS"
if [ "$WRITE" = 1 ]; then
  python3 - "$ROOT/docs/PERFORMANCE.md" "$table" <<'PY'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path).read()
block = f"<!-- features:start -->\n{table}\n<!-- features:end -->"
if "<!-- features:start -->" in text:
    text = re.sub(r"<!-- features:start -->.*?<!-- features:end -->", lambda _: block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n## The new features at scale\n\n" + block + "\n"
open(path, "w").write(text)
PY
fi
