#!/usr/bin/env bash
# Runs newsflow end to end on the embedded development broker: builds what it needs, starts the
# dev broker, newsflow-ingest and newsflow-enricher on 127.0.0.1, pushes the sample articles
# (examples/articles, plus ../shared/seeds when present), prints the enriched records and stops
# everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=${NEWSFLOW_BUILD_DIR:-build}

bash scripts/bootstrap.sh
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target newsflow newsflow-ingest newsflow-enricher
bin="$root/$build_dir/services"
cli="$bin/newsflow/newsflow"

work=$(mktemp -d)
source scripts/lib/processes.sh

echo "== starting the embedded development broker (in memory, for development only)"
"$cli" dev-broker --bootstrap-file "$work/bootstrap" >"$work/broker.out" 2>"$work/broker.log" &
pids+=($!)
wait_for_line "$work/broker.out" "bootstrap.servers=" 20
bootstrap=$(cat "$work/bootstrap")
echo "   bootstrap.servers=$bootstrap"

echo "== starting newsflow-ingest and newsflow-enricher"
"$bin/ingest/newsflow-ingest" --listen 127.0.0.1:0 --metrics.listen 127.0.0.1:0 \
  --kafka.bootstrap_servers "$bootstrap" >"$work/ingest.out" 2>"$work/ingest.log" &
pids+=($!)
"$bin/enricher/newsflow-enricher" --metrics.listen 127.0.0.1:0 \
  --kafka.bootstrap_servers "$bootstrap" >"$work/enricher.out" 2>"$work/enricher.log" &
pids+=($!)
wait_for_line "$work/ingest.out" "listening on port" 30
port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$work/ingest.out")
wait_for_line "$work/enricher.out" "consuming" 60
echo "   ingest on 127.0.0.1:$port"

inputs=("examples/articles/manifest.jsonl")
[ -d ../shared/seeds ] && inputs+=("../shared/seeds")
echo "== pushing ${inputs[*]}"
"$cli" push --server "127.0.0.1:$port" "${inputs[@]}"
expected=$(( $(grep -c . examples/articles/manifest.jsonl) ))
[ -d ../shared/seeds ] && expected=$((expected + $(ls ../shared/seeds/*.txt | wc -l)))

echo "== enriched records (newsflow tail newsflow.articles.enriched.v1 --format summary)"
"$cli" tail newsflow.articles.enriched.v1 -b "$bootstrap" --from-beginning --format summary \
  --max "$expected" --idle-timeout-ms 60000
echo
echo "== one record as JSON (newsflow tail ... --max 1), first 600 characters"
"$cli" tail newsflow.articles.enriched.v1 -b "$bootstrap" --from-beginning --max 1 \
  --idle-timeout-ms 20000 2>/dev/null | cut -c1-600
echo
echo "demo: done; stopping the broker and services"
