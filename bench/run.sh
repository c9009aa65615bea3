#!/usr/bin/env bash
# Benchmarks a release build of briefing against Hugo on the shared
# synthetic corpus, and against the floor (parse every Markdown file and
# write the same bytes), at each size given; writes the table to
# docs/PERFORMANCE.md unless --no-write.
#
#   bash bench/run.sh [--runs 3] [--no-write] [SIZES...]     (default: 100 1000 10000)
#
# Runs alternate ours / Hugo so machine noise hits both; figures are medians.
#
# Each size is timed twice over. First as ../shared/bench/vs-hugo.sh does
# it: the previous site removed just before each build. Then with nothing
# removed while the runs go on (each build writes a fresh folder; the old
# ones are set aside and removed after the last run). The two differ on a
# file system that, like this machine's (ext4 without a journal), passes
# over every inode freed in the last minute when it makes a file (the
# kernel's `recently_deleted`): there the system time of a build that
# follows the removal of a site of 40,000 files grows from run to run,
# for either tool, and the disk decides the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100 1000 10000)

cargo build --release --quiet --bin briefing --example floor --example incremental
BIN="$ROOT/target/release/briefing"
FLOOR="$ROOT/target/release/examples/floor"
RESULTS=$(mktemp)
SETTLED=$(mktemp)
WEIGHTS=$(mktemp)
echo "tool N wall_s cpu_s peak_rss_kib pages" > "$RESULTS"
echo "tool N wall_s cpu_s peak_rss_kib pages" > "$SETTLED"

# One timed build with nothing removed: the folder's output is set aside
# in $trash first. Prints a line like vs-hugo.sh's.
settled_run() {  # tool N dir trash cmd...
  local tool=$1 n=$2 dir=$3 trash=$4; shift 4
  [ -e "$dir/public" ] && mv "$dir/public" "$trash/$tool-$RANDOM$RANDOM"
  local t
  t=$(cd "$dir" && timed "$@" 2>/dev/null)
  echo "$tool $n $t $(find "$dir/public" -name index.html | wc -l)"
}

# One timed run of the floor into `out`, as a results line.
floor_run() {  # N corpus out
  local t
  t=$(timed "$FLOOR" "$2/content" "$2/public" "$3")
  echo "floor $1 $t -"
}

for N in "${SIZES[@]}"; do
  echo "== $N sources" >&2
  OURS="$BIN build --quiet" bash "$SHARED/vs-hugo.sh" "$N" "$RUNS" | tail -n +2 | tee -a "$RESULTS" >&2
  # The floor, on the same corpus, writing as many bytes as our site.
  corpus="$PEERS/briefing-$N"
  ( cd "$corpus" && rm -rf public && "$BIN" build --quiet >/dev/null )
  for _ in $(seq "$RUNS"); do
    rm -rf "$corpus/floor-out"
    floor_run "$N" "$corpus" "$corpus/floor-out" | tee -a "$RESULTS" >&2
  done
  rm -rf "$corpus/floor-out"
  # The same alternation with nothing removed during the runs. Inodes
  # freed in the last minute (the runs above) are waited out first, at
  # sizes where there are enough of them to matter.
  hugo_bin=$(ls "$PEERS"/venv/lib/python3*/site-packages/hugo/binaries/hugo)
  trash="$PEERS/set-aside-$N"
  mkdir -p "$trash"
  if [ "$N" -ge 1000 ]; then sync; sleep 65; fi
  settled_run ours "$N" "$corpus" "$trash" "$BIN" build --quiet >/dev/null   # warm-up
  settled_run hugo "$N" "$PEERS/hugo-$N" "$trash" "$hugo_bin" --quiet >/dev/null
  for _ in $(seq "$RUNS"); do
    settled_run ours "$N" "$corpus" "$trash" "$BIN" build --quiet | tee -a "$SETTLED" >&2
    settled_run hugo "$N" "$PEERS/hugo-$N" "$trash" "$hugo_bin" --quiet | tee -a "$SETTLED" >&2
    mkdir -p "$trash/floor"
    floor_run "$N" "$corpus" "$trash/floor/$RANDOM$RANDOM" | tee -a "$SETTLED" >&2
  done
  rm -rf "$trash"
  # What the two sites weigh: every file's bytes, and our largest page
  # (the one-page print edition aside; it is built only for briefings up
  # to 1,000 claims).
  ours_bytes=$(du -sb "$corpus/public" | cut -f1)
  hugo_bytes=$(du -sb "$PEERS/hugo-$N/public" | cut -f1)
  largest=$(find "$corpus/public" -name '*.html' ! -path '*/print/*' -printf '%s %P\n' | sort -n | tail -1)
  echo "$N $ours_bytes $hugo_bytes $largest" >> "$WEIGHTS"
done

# At the largest size, what a reader's browser loads: every kind of page
# opened from disk, and a search from the header box (tests/browser/scale.mjs,
# when the browser tests' packages are installed: `npm ci` there).
LARGEST=${SIZES[${#SIZES[@]}-1]}
corpus="$PEERS/briefing-$LARGEST"
( cd "$corpus" && rm -rf public && "$BIN" build --quiet >/dev/null )
if [ -d "$ROOT/tests/browser/node_modules/playwright-core" ]; then
  echo "== pages opened from disk at $LARGEST sources" >&2
  scale=$(cd "$ROOT/tests/browser" && node scale.mjs "$corpus/public") || { echo "$scale" >&2; echo "the browser check at $LARGEST sources failed" >&2; exit 1; }
else
  scale='{"skipped": "run npm ci in tests/browser"}'
fi
echo "$scale" >&2

# One-source rebuilds at the largest size: inside the session (no file
# watcher), and from saving the file to the page on disk.
echo "== one-source rebuilds at $LARGEST sources" >&2
inside=$("$ROOT/target/release/examples/incremental" "$corpus" 10 | tail -1 | awk '{print $2}')
recovered=$("$ROOT/target/release/examples/incremental" "$corpus" 10 fix | tail -1 | awk '{print $2}')
watched=$(python3 "$ROOT/bench/watch.py" "$BIN" "$corpus" 10)
echo "inside the session: median $inside ms (after a broken save: $recovered ms); watched: $watched" >&2
# The same corpus with an original for every source: an edited quote is
# found in its original again and the quote lock rewritten.
qcorpus="$PEERS/briefing-$LARGEST-originals"
rm -rf "$qcorpus" && cp -r "$corpus" "$qcorpus" && rm -rf "$qcorpus/public"
python3 "$ROOT/bench/with_originals.py" "$qcorpus"
( cd "$qcorpus" && "$BIN" build --quiet >/dev/null )
quoted=$("$ROOT/target/release/examples/incremental" "$qcorpus" 10 quote | tail -1 | awk '{print $2}')
rm -rf "$qcorpus"
echo "a quote checked against its original: median $quoted ms" >&2

tabulate() {  # results file
python3 - "$1" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]).read().splitlines()[1:] if l.strip()]
by = {}
for tool, n, wall, cpu, rss, pages in rows:
    by.setdefault((int(n), tool), []).append((float(wall), float(cpu), int(rss), pages))
out = ["| N sources | tool | pages | wall s | cpu s | peak RSS MiB | pages / s | wall vs Hugo | wall vs floor |",
       "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
for n in sorted({k[0] for k in by}):
    med = {}
    for tool in ("ours", "hugo", "floor"):
        runs = by.get((n, tool))
        if not runs: continue
        med[tool] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                     statistics.median(r[2] for r in runs), runs[-1][3])
    for tool, label in (("ours", "briefing"), ("hugo", "Hugo 0.168.0"), ("floor", "floor")):
        if tool not in med: continue
        wall, cpu, rss, pages = med[tool]
        pages_n = med.get("ours", med[tool])[3]
        pps = f"{int(pages_n) / wall:,.0f}" if pages_n.isdigit() and wall > 0 else "-"
        vs_hugo = f"{wall / med['hugo'][0]:.2f}x" if "hugo" in med and med['hugo'][0] > 0 else "-"
        vs_floor = f"{wall / med['floor'][0]:.2f}x" if "floor" in med and med['floor'][0] > 0 else "-"
        out.append(f"| {n:,} | {label} | {pages if pages != '-' else pages_n} | {wall:.2f} | {cpu:.2f} | {rss / 1024:,.0f} | {pps} | {vs_hugo} | {vs_floor} |")
print("\n".join(out))
PY
}
table=$(tabulate "$RESULTS")
settled=$(tabulate "$SETTLED")
echo "$table"
echo "with nothing removed during the runs:"
echo "$settled"
weights=$(python3 - "$WEIGHTS" "$scale" <<'PY'
import json, sys
rows = [l.split() for l in open(sys.argv[1]).read().splitlines() if l.strip()]
out = ["| N sources | briefing, MB | Hugo, MB | briefing / Hugo | largest page, KB (not counting print) |",
       "| ---: | ---: | ---: | ---: | --- |"]
for n, ours, hugo, size, path in rows:
    out.append(f"| {int(n):,} | {int(ours) / 1e6:,.1f} | {int(hugo) / 1e6:,.1f} | {int(ours) / int(hugo):.2f}x | {int(size) / 1024:,.0f} (`{path}`) |")
scale = json.loads(sys.argv[2])
if "pages" in scale:
    out += ["", "| page opened from disk | HTML, KB | script and data loaded, KB |", "| --- | ---: | ---: |"]
    for kind, p in scale["pages"].items():
        out.append(f"| {kind} | {p['html'] / 1024:,.0f} | {p['scriptAndData'] / 1024:,.0f} |")
    s = scale["search"]
    out += ["", f"A search from the front page's box for \"{s['query']}\" found the claim: {str(s['found']).lower()}; "
            f"it loaded {s['shardsLoaded']} of the index's {s['shardsInAll']} shards, {s['bytesLoaded'] / 1024:,.0f} KB "
            f"(the largest {s['largestShard'] / 1024:,.0f} KB)."]
print("\n".join(out))
PY
)
echo "$weights"

if [ "$WRITE" = 1 ]; then
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
  python3 - "$ROOT/docs/PERFORMANCE.md" "$table" "$(date -u +%Y-%m-%d)" "$(nproc) cores, $cpu, $mem" "$RUNS" "$(git rev-parse --short HEAD)" "$settled" <<'PY'
import re, sys
path, table, day, machine, runs, commit, settled = sys.argv[1:]
text = open(path).read()
block = (f"<!-- bench:start -->\nMeasured {day} on {machine}; commit {commit}; "
         f"median of {runs} alternating runs (`bash bench/run.sh`).\n\n"
         f"The previous site removed just before each build (`vs-hugo.sh`):\n\n{table}\n\n"
         f"Nothing removed while the runs go on (each build writes a fresh folder):\n\n{settled}\n<!-- bench:end -->")
text = re.sub(r"<!-- bench:start -->.*?<!-- bench:end -->", lambda _: block, text, flags=re.S)
open(path, "w").write(text)
PY
  python3 - "$ROOT/docs/PERFORMANCE.md" "$LARGEST" "$inside" "$watched" "$(date -u +%Y-%m-%d)" "$(git rev-parse --short HEAD)" "$quoted" "$recovered" <<'PY'
import json, re, sys
path, n, inside, watched, day, commit, quoted, recovered = sys.argv[1:]
w = json.loads(watched)
rows = [
    "| measure | median | runs |",
    "| --- | ---: | --- |",
    f"| rebuild inside the session (`examples/incremental`) | {float(inside):.1f} ms | 10 edits |",
    f"| rebuild as the watcher reports it | {w['reported_median_ms']:.0f} ms | {', '.join(f'{t:.0f}' for t in w['reported_ms'])} |",
    f"| from saving the file to the page on disk (`bench/watch.py`) | {w['saved_median_ms']:.0f} ms | {', '.join(f'{t:.0f}' for t in w['saved_ms'])} |",
    f"| the same edit saved just after a broken save of that source (an unknown claim id, reported and left out of the kept graph): patched like any edit (`examples/incremental ... fix`) | {float(recovered):.1f} ms | 10 edits |",
    f"| a quote edited instead, every source with an original: checked again, the lock rewritten (`examples/incremental ... quote`, corpus from `bench/with_originals.py`) | {float(quoted):.1f} ms | 10 edits |",
]
block = (f"<!-- watch:start -->\nMeasured {day}, commit {commit}, {int(n):,} sources, "
         f"appending a sentence to one source's digest.\n\n" + "\n".join(rows) + "\n<!-- watch:end -->")
text = open(path).read()
text = re.sub(r"<!-- watch:start -->.*?<!-- watch:end -->", lambda _: block, text, flags=re.S)
open(path, "w").write(text)
PY
  python3 - "$ROOT/docs/PERFORMANCE.md" "$weights" "$(date -u +%Y-%m-%d)" "$(git rev-parse --short HEAD)" <<'PY'
import re, sys
path, weights, day, commit = sys.argv[1:]
block = f"<!-- weight:start -->\nMeasured {day}, commit {commit} (`bash bench/run.sh`).\n\n{weights}\n<!-- weight:end -->"
text = open(path).read()
text = re.sub(r"<!-- weight:start -->.*?<!-- weight:end -->", lambda _: block, text, flags=re.S)
open(path, "w").write(text)
PY
  echo "docs/PERFORMANCE.md updated" >&2
fi
rm -f "$RESULTS" "$SETTLED" "$WEIGHTS"
