#!/usr/bin/env bash
# Stop the test cluster of .ci/slurm_up.sh: only the daemons it started (by their pid files),
# then remove the /etc/slurm/slurm.conf it wrote (a slurm.conf without a running controller
# makes every snakemake start wait 10 s, README).
set -uo pipefail
DIR="${ALLIANCEWAR_SLURM_DIR:-/tmp/alliancewar-slurm}"
CONF=/etc/slurm/slurm.conf
for pidfile in "$DIR"/slurmd.pid "$DIR"/slurmctld.pid "$DIR"/munged.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  rm -f "$pidfile"
  # only if that pid is still the daemon (not a reused pid of another program)
  name=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  [ "$name" = "$(basename "$pidfile" .pid)" ] || continue
  kill "$pid" 2>/dev/null || continue
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
done
if [ -f "$CONF" ] && head -1 "$CONF" | grep -q '^# Written by .ci/slurm_up.sh'; then
  rm -f "$CONF"
fi
echo "slurm_down: stopped"
