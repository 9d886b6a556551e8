#!/bin/bash
# Submits a sweep as a Slurm array (one shard per task) and a merge job after it.
# Usage: SWEEP=lapse-by-bpm.sweep.json OUT=$HOME/sweeps/lapse-by-bpm SHARDS=8 CPUS=4 \
#        [PARTITION=...] [TIME=02:00:00] [AP=$HOME/ap/ap] [ARRAY=0-7] docs/examples/slurm/submit.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${SWEEP:?set SWEEP to the sweep file}"
: "${OUT:?set OUT to the sweep folder (keep it for resume.sh)}"
: "${SHARDS:?set SHARDS to the number of shards}"
CPUS=${CPUS:-4}
ARRAY=${ARRAY:-0-$((SHARDS - 1))}
AP=${AP:-$HOME/ap/ap}
SWEEP=$(realpath "$SWEEP")
OUT=$(realpath -m "$OUT")
opts=()
[ -n "${PARTITION:-}" ] && opts+=(--partition="$PARTITION")
[ -n "${TIME:-}" ] && opts+=(--time="$TIME")
# A task asking for more CPUs than any node has stays pending forever (Reason=PartitionConfig) without a word.
most=$(sinfo -h ${PARTITION:+--partition="$PARTITION"} -o '%c' | tr -d '+' | sort -n | tail -n 1)
if [ -z "$most" ] || [ "$CPUS" -gt "$most" ]; then
  echo "submit.sh: CPUS=$CPUS, but the largest node${PARTITION:+ of partition $PARTITION} has ${most:-no} CPUs. Fix: CPUS=${most:-1}." >&2
  exit 1
fi
# A bad sweep file is refused here, on the login node, not by every task after it waited in the queue.
"$AP" sweep run "$SWEEP" --shard "0/$SHARDS" --dry-run > /dev/null
mkdir -p "$OUT/logs"
name="ap-sweep-$(basename "$OUT")"
export SWEEP OUT SHARDS AP
jid=$(sbatch --parsable "${opts[@]}" --job-name="$name" --array="$ARRAY" --cpus-per-task="$CPUS" \
  --output="$OUT/logs/shard-%a.out" --export=ALL "$here/sweep.sbatch")
jid=${jid%%;*}
mid=$(sbatch --parsable ${PARTITION:+--partition="$PARTITION"} --job-name="$name-merge" --dependency="afterany:$jid" \
  --output="$OUT/logs/merge.out" --export=ALL "$here/merge.sbatch")
mid=${mid%%;*}
echo "submitted shards $ARRAY of $SHARDS as job $jid, and the merge as job $mid, into $OUT"
echo "if some shards do not finish: SWEEP=$SWEEP OUT=$OUT SHARDS=$SHARDS CPUS=$CPUS $here/resume.sh"
