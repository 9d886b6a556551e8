#!/bin/bash
# Runs a sweep on Kubernetes: the volume, the sweep file as a ConfigMap, the Indexed Job of shards, then the merge
# and report Jobs. The manifests are filled from one set of variables (envsubst with exactly these names).
# Usage: SWEEP=lapse-by-bpm.sweep.json NAME=lapse-by-bpm SHARDS=8 CPUS=4 IMAGE=registry.example/actionperception:1 \
#        [TIMEOUT=14400] docs/examples/kubernetes/submit.sh
# To resume after a failure: kubectl delete job ap-sweep-$NAME ap-sweep-$NAME-merge, then run this again; every pod
# resumes its shard in the same folder (finished runs are kept).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${SWEEP:?set SWEEP to the sweep file}"
: "${NAME:?set NAME (lower-case letters, digits, -): names the Jobs and the folder /data/NAME}"
: "${SHARDS:?set SHARDS to the number of shards}"
: "${IMAGE:?set IMAGE to the image built from Dockerfile}"
CPUS=${CPUS:-4}
TIMEOUT=${TIMEOUT:-14400}
export NAME SHARDS CPUS IMAGE
render() { envsubst '${NAME} ${SHARDS} ${CPUS} ${IMAGE}' < "$here/$1"; }
# Waits until the Job has completed or failed (kubectl wait knows one condition only); prints which.
finished() {
  local end=$((SECONDS + TIMEOUT)) state
  while [ $SECONDS -lt "$end" ]; do
    state=$(kubectl get job "$1" -o jsonpath='{.status.conditions[?(@.status=="True")].type}')
    case " $state " in
      *" Complete "*) echo Complete; return ;;
      *" Failed "*) echo Failed; return ;;
    esac
    sleep 20
  done
  echo "submit.sh: job $1 still running after $TIMEOUT s" >&2
  return 1
}
kubectl apply -f "$here/pvc.yaml"
kubectl create configmap "ap-sweep-$NAME" --from-file=sweep.json="$SWEEP" --dry-run=client -o yaml | kubectl apply -f -
render sweep-job.yaml | kubectl apply -f -
echo "sweep job ap-sweep-$NAME: $(finished "ap-sweep-$NAME")"
# Merge however the shards ended: it names what is missing or broken.
render merge-job.yaml | kubectl apply -f -
if [ "$(finished "ap-sweep-$NAME-merge")" != Complete ]; then
  kubectl logs "job/ap-sweep-$NAME-merge" >&2 || true
  echo "submit.sh: the merge was refused (above). Fix: kubectl delete job ap-sweep-$NAME ap-sweep-$NAME-merge, then run submit.sh again to resume." >&2
  exit 1
fi
render report-job.yaml | kubectl apply -f -
echo "report job: $(finished "ap-sweep-$NAME-report"); the sweep is in /data/$NAME/merged on the volume ap-sweeps"
