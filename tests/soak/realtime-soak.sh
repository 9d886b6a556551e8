#!/usr/bin/env bash
# N (default 20) real-time sessions with --record through a PulseAudio null sink, with a CPU-heavy sweep running beside them.
set -u
# Usage: tests/soak/realtime-soak.sh [N]   Needs pulseaudio, pulseaudio-utils and libasound2-plugins, and a built ap
# (dotnet build Simulations -c Release). For the loaded case run a CPU-heavy job beside it (the test suite, a sweep).
cd "$(dirname "$0")/../.."
AP="$(pwd)/Simulations/bin/Release/net10.0/ap.dll"
N=${1:-20}
export XDG_RUNTIME_DIR=$(mktemp -d)
pulseaudio -n --daemonize=yes --exit-idle-time=-1 -L "module-null-sink sink_name=nullsink rate=44100" -L module-native-protocol-unix 2>/dev/null
sleep 2
ok=0; bad=0
for i in $(seq 1 "$N"); do
  d=$(mktemp -d)
  dotnet "$AP" simulate --realtime --output alsa:pulse --record rt.wav --duration 6 --bpm 300 --seed $i --listener random --out $d/run > $d/out.txt 2> $d/err.txt
  rc=$?
  frames=$(python3 -c "import wave,sys; w=wave.open('$d/run/rt.wav'); print(w.getnframes()/w.getframerate())" 2>/dev/null)
  stop=$(grep -c '"type":"stop"' $d/run/session.jsonl 2>/dev/null)
  if [ $rc -eq 0 ] && [ "$stop" = "1" ] && [ ! -e $d/run/.ap.lock ]; then ok=$((ok+1)); else bad=$((bad+1)); echo "run $i: exit $rc, stop events $stop, wav ${frames}s: $(head -c 300 $d/err.txt)"; fi
  echo "run $i exit $rc wav ${frames}s"
done
echo "soak: $ok passed, $bad failed"
pulseaudio --kill 2>/dev/null || pkill -x pulseaudio
