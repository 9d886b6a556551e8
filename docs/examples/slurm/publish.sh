#!/bin/bash
# Builds ap once, self-contained, into AP_HOME on a shared file system: compute nodes then need no .NET at all.
# Run it where the .NET 10 SDK is (a login node, or any machine with the same architecture; about 94 MB).
# Usage: [AP_HOME=$HOME/ap] docs/examples/slurm/publish.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
AP_HOME=${AP_HOME:-$HOME/ap}
dotnet publish "$repo/Simulations" -c Release -r linux-x64 --self-contained -o "$AP_HOME"
"$AP_HOME/ap" --version
echo "published $AP_HOME/ap; the Slurm scripts find it through AP=$AP_HOME/ap (their default is \$HOME/ap/ap)"
