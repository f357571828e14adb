#!/usr/bin/env bash
# Start a one-node SLURM cluster on this machine (localhost only) for the SLURM test.
#
#   bash .ci/slurm_up.sh      # writes /etc/slurm/slurm.conf, starts munged, slurmctld, slurmd
#   bash .ci/slurm_down.sh    # stops the daemons it started (by their pid files), removes the conf
#
# State, logs, pid files and the munge key and socket live in one private folder
# ($ALLIANCEWAR_SLURM_DIR, default /tmp/alliancewar-slurm). The configuration itself must be
# /etc/slurm/slurm.conf: the plugin's job step drops SLURM_CONF from the environment before it
# calls `srun` inside the job, so a private SLURM_CONF would not reach it. The script writes that
# file only when there is none or it is its own (marked in its first line), and slurm_down.sh
# removes it again: a slurm.conf whose controller is down makes every `snakemake` start wait
# 10 s (README, "The 10-second start-up stall").
#
# One node with the machine's CPUs and memory (from `slurmd -C`), one partition `ci` (the one
# profiles/slurm-ci names), no accounting database (squeue reports the jobs; MinJobAge keeps
# finished jobs visible for 10 minutes), munge authentication, processes tracked without cgroups
# (a container may have none). Needs root and Debian's slurm-wlm and munge (.ci/run installs
# them). Exit status: 0 = cluster up and a probe job ran; 2 = cannot run here (binaries missing,
# not root, a foreign slurm.conf); 1 = failed to start (logs printed). Every wait is bounded, so a
# broken SLURM cannot hang CI.
set -euo pipefail

DIR="${ALLIANCEWAR_SLURM_DIR:-/tmp/alliancewar-slurm}"
WAIT="${ALLIANCEWAR_SLURM_WAIT:-60}"   # seconds to wait for the node, and for the probe job
CONF=/etc/slurm/slurm.conf
MARK="# Written by .ci/slurm_up.sh: a one-node test cluster on localhost, no accounting."

for bin in munged slurmctld slurmd sbatch squeue sinfo scancel; do
  command -v "$bin" >/dev/null 2>&1 || { echo "slurm_up: $bin not found (apt-get install slurm-wlm munge)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "slurm_up: must run as root (slurmd launches the jobs)" >&2; exit 2; }
if [ -e "$CONF" ] && [ "$(head -1 "$CONF")" != "$MARK" ]; then
  echo "slurm_up: $CONF exists and was not written by this script; not touching that installation" >&2
  exit 2
fi
unset SLURM_CONF

# Already up (a second call): keep it.
if [ -f "$CONF" ] && timeout 5 sinfo -h -p ci -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
  echo "slurm_up: cluster already running"
  exit 0
fi

# Stop daemons of an earlier start of this script (only those: by the pids it recorded), start afresh.
ALLIANCEWAR_SLURM_DIR="$DIR" bash "$(dirname "$0")/slurm_down.sh" >/dev/null
rm -rf "$DIR"
mkdir -p "$DIR"/state "$DIR"/spool "$DIR"/munge
chmod 0755 "$DIR"
chmod 0700 "$DIR"/munge

# munge: a fresh key and a private socket.
dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1 count=1024 status=none
chmod 0400 "$DIR/munge/munge.key"
MUNGE_SOCKET="$DIR/munge/munge.socket"
munged --force --key-file="$DIR/munge/munge.key" --socket="$MUNGE_SOCKET" \
  --pid-file="$DIR/munged.pid" --log-file="$DIR/munged.log" --seed-file="$DIR/munge/munged.seed"
timeout 10 bash -c "until [ -S '$MUNGE_SOCKET' ]; do sleep 0.2; done" \
  || { echo "slurm_up: munged did not start" >&2; cat "$DIR/munged.log" >&2 || true; exit 1; }

# The node as slurmd sees this machine (CPUs, sockets, cores, threads, memory in MiB).
NODE=$(hostname -s)
HW=$(slurmd -C | head -1 | sed -E 's/^NodeName=[^ ]+ //')
mkdir -p "$(dirname "$CONF")"
cat >"$CONF.tmp" <<EOF
$MARK
ClusterName=alliancewar-ci
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
MinJobAge=600
SlurmctldTimeout=60
SlurmdTimeout=60
InactiveLimit=0
KillWait=10
NodeName=$NODE NodeAddr=127.0.0.1 $HW State=UNKNOWN
PartitionName=ci Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
mv "$CONF.tmp" "$CONF"

fail() {
  echo "slurm_up: $1" >&2
  tail -n 30 "$DIR/slurmctld.log" "$DIR/slurmd.log" >&2 || true
  ALLIANCEWAR_SLURM_DIR="$DIR" bash "$(dirname "$0")/slurm_down.sh" >&2
  exit 1
}

slurmctld || fail "slurmctld did not start"
slurmd || fail "slurmd did not start"

# Wait (bounded) until the node is idle.
state=""
for _ in $(seq 1 "$WAIT"); do
  state=$(timeout 5 sinfo -h -p ci -o %T 2>/dev/null || true)
  case "$state" in idle|mixed|allocated) break ;; esac
  sleep 1
done
case "$state" in idle|mixed|allocated) ;; *) fail "node not up after ${WAIT}s (state: ${state:-none})" ;; esac

# A job must really run: sbatch a trivial one and wait for its output (bounded).
jobid=$(timeout 10 sbatch --parsable -p ci -t 1 --mem=100 -o "$DIR/probe.out" --wrap "echo ok") \
  || fail "sbatch of the probe job failed"
for _ in $(seq 1 "$WAIT"); do
  grep -q ok "$DIR/probe.out" 2>/dev/null && break
  sleep 1
done
grep -q ok "$DIR/probe.out" 2>/dev/null || { timeout 5 scancel "$jobid" || true; fail "probe job $jobid did not run"; }
echo "slurm_up: one-node cluster up ($NODE: $HW; partition ci; probe job $jobid ran)"
