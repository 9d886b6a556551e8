#!/usr/bin/env bash
# Runs the notebooks headless (dotnet-repl, pinned in dotnet-tools.json) and their file-based twins (.cs).
# Exits non-zero when any cell or program fails; the executed notebooks are kept for inspection.
# Logs to analyse can be given in AP_LOGS (paths separated by ':'); without them short demo sessions are run.
# The convergence notebook analyses a sweep folder given in AP_SWEEP; without one it runs a small sweep (~30 s).
# The study notebook analyses a study folder given in AP_STUDY; without one it simulates a 6-participant pilot (~10 s).
# Human-vs-computer takes human runs from AP_LOGS; without one it records a scripted stand-in in real time (~30 s).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="${AP_NOTEBOOK_OUT_ROOT:-$root/notebooks/notebook-out}"
# Start clean: demo sessions left by an earlier run must not stand in for sessions this run should make.
rm -rf "$out"
mkdir -p "$out"
# Logs given in AP_LOGS are resolved from the repository root, for the notebooks and their twins alike.
logs=()
if [ -n "${AP_LOGS:-}" ]; then
  IFS=':' read -r -a given <<<"$AP_LOGS"
  abs=()
  for l in "${given[@]}"; do case "$l" in /*) abs+=("$l");; *) abs+=("$root/$l");; esac; done
  logs=("${abs[@]}")
  AP_LOGS=$(IFS=':'; echo "${abs[*]}")
  export AP_LOGS
fi

if [ -n "${AP_SWEEP:-}" ]; then
  case "$AP_SWEEP" in /*) ;; *) AP_SWEEP="$root/$AP_SWEEP";; esac
  export AP_SWEEP
fi

if [ -n "${AP_STUDY:-}" ]; then
  case "$AP_STUDY" in /*) ;; *) AP_STUDY="$root/$AP_STUDY";; esac
  export AP_STUDY
fi

dotnet build Simulations/Simulations.csproj -c Release -nologo -v q || { echo "notebooks: the project does not build"; exit 1; }
dotnet tool restore >/dev/null || { echo "notebooks: dotnet tool restore failed (dotnet-repl)"; exit 1; }

status=0
for nb in convergence human-vs-computer study; do
  executed="$out/$nb.executed.ipynb"
  rm -f "$executed"
  # dotnet-repl prints nothing; it exits 2 when a cell throws or does not compile (later cells still run).
  if (cd notebooks && AP_NOTEBOOK_OUT="$out/$nb-ipynb" dotnet repl --run "$nb.ipynb" --exit-after-run --output-path "$executed"); then
    echo "notebooks/$nb.ipynb: every cell ran"
  else
    echo "FAILED: notebooks/$nb.ipynb: a cell failed; its errors:"
    grep -o '"ename": *"[^"]*"\|"evalue": *"[^"]\{0,400\}' "$executed" 2>/dev/null | sed 's/^/  /' || true
    status=1
  fi
  case "$nb" in
    convergence) args=(${AP_SWEEP:+"$AP_SWEEP"});;
    study) args=(${AP_STUDY:+"$AP_STUDY"});;
    *) args=(${logs[@]+"${logs[@]}"});;
  esac
  if dotnet run "notebooks/$nb.cs" -- --out "$out/$nb-cs" ${args[@]+"${args[@]}"}; then
    echo "notebooks/$nb.cs: ran"
  else
    echo "FAILED: notebooks/$nb.cs"
    status=1
  fi
done
exit $status
