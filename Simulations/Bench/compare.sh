#!/usr/bin/env bash
# `ap bench` of two builds side by side on one machine: another commit (default: main) built in a temporary git worktree
# under /tmp, and this checkout as it is. The two benches run back to back, alternating which goes first, N times; the
# table gives every run and the medians. On a shared machine the alternation is what makes the columns comparable.
#
#   Simulations/Bench/compare.sh [--base REF] [-n RUNS] [-r BENCH_REPETITIONS] [--no-sessions] [--all]
#
#   --base REF        the commit to compare against (default: main)
#   -n RUNS           runs of each bench, alternating (default: 3)
#   -r REPETITIONS    `ap bench -r` inside each run (default: 1; a full bench at -r 1 takes 1-4 minutes)
#   --no-sessions     training figures only (seconds instead of minutes; no sessions or reports)
#   --all             every figure both benches report, not just the headline ones
# Exit codes: 1 bad arguments, 2 a build or a bench failed.
set -euo pipefail

base=main runs=3 reps=1 sessions=() all=0
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="${2:?--base needs a commit}"; shift 2 ;;
    -n) runs="${2:?-n needs a number}"; shift 2 ;;
    -r) reps="${2:?-r needs a number}"; shift 2 ;;
    --no-sessions) sessions=(--no-sessions); shift ;;
    --all) all=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ && "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: -n and -r take whole numbers ≥ 1" >&2; exit 1; }
command -v python3 >/dev/null || { echo "compare.sh: python3 is needed for the table" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
base_commit=$(git rev-parse --verify --quiet "$base^{commit}") || { echo "compare.sh: '$base' is not a commit in $repo" >&2; exit 1; }
work=$(mktemp -d /tmp/ap-compare.XXXXXX)
cleanup() { git -C "$repo" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "compare.sh: base $base ($(git rev-parse --short "$base_commit")), this checkout $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' + uncommitted changes')"
git worktree add --detach --quiet "$work/base" "$base_commit"
for side in base new; do
  dir=$([ "$side" = base ] && echo "$work/base" || echo "$repo")
  echo "compare.sh: building $side in $dir"
  dotnet build "$dir/Simulations" -c Release -o "$work/$side-bin" >"$work/$side-build.log" 2>&1 \
    || { tail -20 "$work/$side-build.log" >&2; echo "compare.sh: the $side build failed (log above)" >&2; exit 2; }
done

dataset="$repo/tests/fixtures/user_dataset.json"
echo "compare.sh: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= runs; i++)); do
  order=$([ $((i % 2)) -eq 1 ] && echo "base new" || echo "new base")
  for side in $order; do
    echo "compare.sh: run $i of $runs, $side"
    (cd "$work" && dotnet "$work/$side-bin/ap.dll" bench -r "$reps" -d "$dataset" "${sessions[@]}" --json "$work/$side-$i.json" >"$work/$side-$i.txt" 2>&1) \
      || { tail -20 "$work/$side-$i.txt" >&2; echo "compare.sh: the $side bench failed (output above)" >&2; exit 2; }
  done
done
echo "compare.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work" "$runs" "$all" <<'PY'
import json, statistics, sys
work, runs, show_all = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
def load(side):
    out = {}
    for i in range(1, runs + 1):
        for r in json.load(open(f"{work}/{side}-{i}.json"))["results"]:
            out.setdefault(r["name"], (r["unit"], []))[1].append(r["value"])
    return out
base, new = load("base"), load("new")
headline = [
    ("train.steps_per_second", "training, steps/s (losses tracked)"),
    ("train.steps_per_second.no_loss_tracking", "training, steps/s (no losses)"),
    ("session.audio_seconds_per_wall_second.budget_800", "session × real time, 800 steps/audio s"),
    ("report.seconds_per_audio_hour", "report, s per audio hour"),
    ("session.bytes_per_buffer", "bytes per buffer"),
]
names = [n for n, _ in headline] + ([n for n in base if n in new and n not in dict(headline)] if show_all else [])
label = dict(headline)
fmt = lambda v: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:,.2f}"
print(f"\n{'figure':<44} {'base runs':>30} {'new runs':>30} {'base median':>12} {'new median':>12} {'new/base':>8}")
for n in names:
    if n not in base and n not in new:
        continue  # not measured in this comparison (--no-sessions)
    if n not in base or n not in new:
        print(f"{label.get(n, n):<44} (not reported by {'base' if n not in base else 'new'})")
        continue
    b, w = base[n][1], new[n][1]
    mb, mw = statistics.median(b), statistics.median(w)
    ratio = f"{mw / mb:.2f}" if mb else "-"
    print(f"{label.get(n, n):<44} {' '.join(fmt(v) for v in b):>30} {' '.join(fmt(v) for v in w):>30} {fmt(mb):>12} {fmt(mw):>12} {ratio:>8}")
PY
