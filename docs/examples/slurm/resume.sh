#!/bin/bash
# Resubmits only the shards of a sweep that have not finished, into the same OUT folder, and a new merge after them.
# A shard has finished when its folder holds summary.json; name shards to redo them anyway (e.g. those sweep merge
# named as holding a broken run): their finished runs are kept, the others run again from their seeds.
# Usage: SWEEP=... OUT=... SHARDS=8 [CPUS=4] docs/examples/slurm/resume.sh [SHARD...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${SWEEP:?set SWEEP to the sweep file of the first submission}"
: "${OUT:?set OUT to the sweep folder of the first submission}"
: "${SHARDS:?set SHARDS as in the first submission}"
OUT=$(realpath -m "$OUT")
name="ap-sweep-$(basename "$OUT")"
if [ -n "$(squeue -h -u "${USER:-$(id -un)}" -n "$name" -o '%i' 2> /dev/null)" ]; then
  echo "resume.sh: tasks of $name are still queued or running; resubmitting now would run a shard twice into one folder. Fix: wait for them (squeue -n $name), or scancel them first." >&2
  exit 1
fi
todo=()
if [ $# -gt 0 ]; then
  todo=("$@")
else
  for ((i = 0; i < SHARDS; i++)); do
    [ -f "$OUT/shard-$i/summary.json" ] || todo+=("$i")
  done
fi
if [ ${#todo[@]} -eq 0 ]; then
  echo "every shard of $OUT has finished; merge with: OUT=$OUT SHARDS=$SHARDS sbatch $here/merge.sbatch"
  exit 0
fi
ARRAY=$(IFS=,; echo "${todo[*]}")
export SWEEP OUT SHARDS ARRAY
exec "$here/submit.sh"
