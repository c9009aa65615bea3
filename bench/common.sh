# What the benchmark scripts share; sourced by each from the repository's
# root. Reads the options every script takes (--runs N, --no-write,
# --hugo, --keep; anything else is a size), finds ../shared/bench and the
# folder the corpora and Hugo go in, makes sure /usr/bin/time is there,
# and defines `timed`.
#
# Sets ROOT, RUNS (3), WRITE (1, 0 with --no-write), HUGO_TOO and KEEP
# (0, 1 with the flag), SIZES (the sizes given, in order; may be empty),
# SHARED and PEERS (exported).
ROOT=$(pwd)
RUNS=3
WRITE=1
HUGO_TOO=0
KEEP=0
SIZES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --no-write) WRITE=0; shift ;;
    --hugo) HUGO_TOO=1; shift ;;
    --keep) KEEP=1; shift ;;
    *) SIZES+=("$1"); shift ;;
  esac
done
SHARED=${SHARED:-$ROOT/../shared/bench}
[ -f "$SHARED/gen_corpus.py" ] || { echo "no $SHARED/gen_corpus.py: put shared/ beside the repository" >&2; exit 1; }
export PEERS=${PEERS:-$HOME/.cache/briefing-peers}
mkdir -p "$PEERS"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

# Runs a command under /usr/bin/time, its output dropped, and prints
# "wall_s cpu_s peak_rss_kib" (CPU is user and system time); fails as the
# command does. Call it as `t=$(timed ...)`, so a failure stops the script.
timed() {
  /usr/bin/time -f "%e %U %S %M" -o "$PEERS/time.txt" "$@" >/dev/null || return
  local wall user sys rss
  read -r wall user sys rss < "$PEERS/time.txt"
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $rss"
}
