#!/usr/bin/env bash
# Runtime benchmark of docs/benchmarks.md ("The runtime: replica processes on loopback"):
#   scripts/runtime-bench.sh DELTA_PP_MICROS BEHAVIOUR_OF_REPLICA_0|none CLIENTS...
# Starts a fresh 4-replica cluster on loopback (prime cluster), runs one discarded 50-client warm-up bench, then one
# 10-second bench per client count, prints each result with the number of views replica 1 installed meanwhile, and
# stops the cluster.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prime="$root/prime"
dpp=$1; behaviour=$2; shift 2
dir="$(mktemp -d /tmp/prime-runtime-bench.XXXXXX)"
"$prime" keygen --replicas 4 --clients 200 --out "$dir" --base-port 7600 > /dev/null
sed -i "s/deltaPpMicros: .*/deltaPpMicros: $dpp/; s/fsyncWrites: true/fsyncWrites: false/" "$dir/cluster.yaml"
args=(cluster --replicas 4 --dir "$dir")
[[ "$behaviour" != none ]] && args+=(--behaviour "0=$behaviour")
"$prime" "${args[@]}" > "$dir/cluster.out" 2>&1 &
cluster=$!
trap 'kill "$cluster" 2>/dev/null; wait "$cluster" 2>/dev/null; rm -rf "$dir"' EXIT
sleep 18
"$prime" bench --config "$dir/cluster.yaml" --clients 50 --duration 8 --warmup 0 > /dev/null 2>&1 || true
views() { grep -c "VIEW_INSTALLED" "$dir/logs/replica-1.log" || true; }
for clients in "$@"; do
    before=$(views)
    result=$("$prime" bench --config "$dir/cluster.yaml" --clients "$clients" --duration 10 --warmup 3 2>&1 | tail -1)
    echo "deltaPp=$dpp behaviour=$behaviour: $result; view changes during the run: $(( $(views) - before ))"
done
