#!/usr/bin/env bash
# Throughput and latency of Prime at the paper's testbed profile (50 ms links, 10 Mbps per server, RSA costs,
# 512-byte updates), fault-free, for 4 and 7 replicas over a range of closed-loop clients, with both client models:
# f+1 matching replies (quorum, the default) and the paper's testbed model (home: a client trusts its own server).
# Writes one CSV line per run to stdout (and progress to stderr). Used for docs/benchmarks.md.
#   scripts/sweep-paper.sh [replicas...]        e.g. scripts/sweep-paper.sh 4 7
set -euo pipefail
cd "$(dirname "$0")/.."
replicas=("${@:-4 7}")
[[ $# -eq 0 ]] && replicas=(4 7)
clients=(${CLIENTS:-1 10 50 100 200 300 400 500 600})
duration=${DURATION:-20}
extra=(${EXTRA:-})
echo "replicas,reply_policy,clients,throughput_ups,p50_ms,p90_ms,p99_ms,sent_bytes_per_update,cpu_max,uplink_utilization_max"
for n in "${replicas[@]}"; do
  for policy in quorum home; do
    for c in "${clients[@]}"; do
      echo "replicas=$n policy=$policy clients=$c" >&2
      ./prime sim --replicas "$n" --clients "$c" --update-bytes 512 --duration "$duration" --warmup 5 --seed 7 \
        --profile paper --reply-policy "$policy" "${extra[@]}" --json |
      python3 -c '
import json,sys
r=json.load(sys.stdin)
n=r["replicas"]; ex=max(1,sum(p["executed"] for p in r["per_replica"])/n)
sent=sum(p["sent_bytes"] for p in r["per_replica"])/n
cpu=max(p["cpu_utilization"] for p in r["per_replica"])
# 10 Mbit/s = 1,250,000 bytes/s per uplink (the paper profile), over the measured window.
busy=max(sum(p["uplink_bytes_in_window_by_class"].values()) for p in r["per_replica"]) / (1250000 * r["simulated_seconds"])
l=r["latency_ms"]
print(",".join(str(x) for x in [n, r["reply_policy"], r["clients"], r["throughput_ups"], l["p50"], l["p90"], l["p99"], round(sent/ex), cpu, round(busy, 3)]))'
    done
  done
done
