#!/usr/bin/env bash
# Load test of 'medstream serve'. For each --max-batch value the script starts a server on
# 127.0.0.1 with the LMU wave and beat models and a MedTsLLM model, runs 'medstream load-test'
# against each model at concurrency 1, 4 and 16, and stops the server. Then it runs the same
# requests in process.
#
# Usage: infra/bench/serve-load.sh MEDTSLLM_MODEL_DIR [OUT.md]
# Environment: BATCHES (default "1 8 32"), CONCURRENCY (default 1,4,16), DURATION (seconds per
# run, default 5), WARMUP (seconds, default 2), PORT (default 18090), WORKERS (default 2).
# Needs cli/target/medstream.jar (bin/medstream builds it).
set -euo pipefail

cd "$(dirname "$0")/../.."
medtsllm=${1:?give a MedTsLLM model directory, such as one written by medstream train --model medtsllm}
out=${2:-/dev/null}
batches=${BATCHES:-1 8 32}
concurrency=${CONCURRENCY:-1,4,16}
duration=${DURATION:-5}
warmup=${WARMUP:-2}
port=${PORT:-18090}
workers=${WORKERS:-2}
backbone=models/stories260K/stories260K.gguf
java=(java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -jar cli/target/medstream.jar)
export OMP_NUM_THREADS=1

load() {
    local label=$1 model=$2 record=$3
    shift 3
    "${java[@]}" load-test --url "http://127.0.0.1:$port" --model "$model" --record "$record" \
        --concurrency "$concurrency" --duration "$duration" --warmup "$warmup" \
        --label "$label" --markdown "$out" "$@"
}

for batch in $batches; do
    "${java[@]}" serve --port "$port" --max-batch "$batch" --workers "$workers" \
        --model models/lmu-waves --model models/lmu-beats --model "$medtsllm" \
        --backbone "$backbone" > "/tmp/medstream-serve-load-$batch.log" 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    for _ in $(seq 1 120); do
        curl -sf "http://127.0.0.1:$port/ready" > /dev/null && break
        sleep 1
    done
    curl -sf "http://127.0.0.1:$port/ready" > /dev/null || { echo "server not ready"; exit 1; }
    echo "== max-batch $batch, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    load "lmu-waves b=$batch" lmu-waves data/ludb/1
    load "lmu-beats b=$batch" lmu-beats data/mitdb/100
    load "medtsllm b=$batch" "$(basename "$medtsllm")" data/ludb/1 --window-samples 512 \
        --patient age=51 --patient sex=F
    kill "$server"
    wait "$server" || true
    trap - EXIT
done

echo "== in process, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
load "lmu-waves" lmu-waves data/ludb/1 --in-process models/lmu-waves --in-process-only
load "lmu-beats" lmu-beats data/mitdb/100 --in-process models/lmu-beats --in-process-only
load "medtsllm" "$(basename "$medtsllm")" data/ludb/1 --window-samples 512 \
    --patient age=51 --patient sex=F --in-process "$medtsllm" --backbone "$backbone" \
    --in-process-only
echo "== done, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
