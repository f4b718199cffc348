#!/usr/bin/env bash
# Measures the pipeline on the embedded development broker (127.0.0.1 only, bounded runs):
#   (a) the raw producer ceiling (newsflow-produce-baseline, and kcat -P when installed),
#   (b) newsflow-ingest over IngestStream at 1, 4 and 16 streams x window 256 (and 1 and 4 with
#       batched answers; 1 and 4 with 16 articles per request and 4 with 64, answers batched),
#       then open loop at half the best one-article-per-request rate for the p99 at that load,
#       and unary Ingest for comparison,
#   (c) ingest of real HTML pages (extraction) when the eval pages are present,
#   (d) newsflow-enricher draining a pre-filled normalized topic,
#   (e) peak RSS (VmHWM) and CPU time of ingest and enricher.
# Every measurement runs twice and the better run is reported (the machine is shared).
# Prints one table; --json FILE also writes every run as JSON Lines.
# Environment: NEWSFLOW_BUILD_DIR (build), NEWSFLOW_EVAL_DIR (../shared/eval),
# NEWSFLOW_BENCH_COUNT (articles per ingest run, 20000), NEWSFLOW_BENCH_ENRICH_COUNT (10000),
# NEWSFLOW_INGEST_BIN (another newsflow-ingest binary to measure, e.g. a candidate change).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=${NEWSFLOW_BUILD_DIR:-build}
eval_dir=${NEWSFLOW_EVAL_DIR:-../shared/eval}
count=${NEWSFLOW_BENCH_COUNT:-20000}
enrich_count=${NEWSFLOW_BENCH_ENRICH_COUNT:-10000}
json_file=""
while [ $# -gt 0 ]; do
  case "$1" in
    --json) json_file=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
done

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target newsflow newsflow-ingest newsflow-enricher \
  newsflow-loadgen newsflow-produce-baseline
bin="$root/$build_dir/services"
cli="$bin/newsflow/newsflow"
loadgen="$root/$build_dir/tests/bench/loadgen/newsflow-loadgen"
baseline="$root/$build_dir/tests/bench/loadgen/newsflow-produce-baseline"
ingest_bin=${NEWSFLOW_INGEST_BIN:-$bin/ingest/newsflow-ingest}

work=$(mktemp -d)
source scripts/lib/processes.sh

stop() {  # pid: stops one process this script started and waits for it
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

results="$work/results.jsonl"
: >"$results"
# Runs a tool twice (it prints one JSON object) and appends the better run to the results,
# judged by the given JSON key (higher is better). Both runs are kept in runs.jsonl.
best_of_two() {  # label, key, command...
  local label=$1 key=$2
  shift 2
  for run in 1 2; do
    if [ -n "${ingest_pid:-}" ] && ! kill -0 "$ingest_pid" 2>/dev/null; then
      echo "bench: newsflow-ingest (pid $ingest_pid) is gone; its log:" >&2
      tail -20 "$work/ingest.log" >&2
      exit 1
    fi
    "$@" --json >"$work/run$run.json" 2>>"$work/tools.log" || true
    [ -s "$work/run$run.json" ] || echo '{}' >"$work/run$run.json"
    cat "$work/run$run.json" >>"$work/runs.jsonl"
  done
  python3 - "$label" "$key" "$work/run1.json" "$work/run2.json" "$(cut -d' ' -f1 /proc/loadavg)" \
    >>"$results" <<'EOF'
import json, sys
label, key, a, b, load = sys.argv[1:6]
runs = [json.load(open(p)) for p in (a, b)]
best = max(runs, key=lambda r: r.get(key, 0) or 0)
best["label"] = label
best["runs"] = [r.get(key, 0) for r in runs]
best["load_average"] = float(load)
print(json.dumps(best))
EOF
  python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print("   ", r["label"], sys.argv[2], [round(x, 2) for x in r["runs"]])' \
    "$results" "$key"
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== starting the embedded development broker"
"$cli" dev-broker --bootstrap-file "$work/bootstrap" --topics newsflow.articles.normalized.v1 \
  newsflow.articles.enriched.v1 newsflow.articles.dlq.v1 newsflow.bench.baseline \
  newsflow.bench.kcat newsflow.bench.normalized newsflow.bench.enriched2 \
  >"$work/broker.out" 2>"$work/broker.log" &
pids+=($!)
wait_for_line "$work/broker.out" "bootstrap.servers=" 20
bootstrap=$(cat "$work/bootstrap")

start_ingest() {  # topic: starts newsflow-ingest; sets ingest_pid and ingest_port
  "$ingest_bin" --listen 127.0.0.1:0 --metrics.listen 127.0.0.1:0 \
    --kafka.bootstrap_servers "$bootstrap" --topics.normalized "$1" --log.level warn \
    >"$work/ingest.out" 2>>"$work/ingest.log" &
  ingest_pid=$!
  pids+=($ingest_pid)
  wait_for_line "$work/ingest.out" "listening on port" 30
  ingest_port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$work/ingest.out")
}

echo "== (a) raw producer: $count NormalizedArticle-sized records, ingest's producer settings"
best_of_two "raw producer (librdkafka)" msgs_per_second \
  "$baseline" -b "$bootstrap" --topic newsflow.bench.baseline --count "$count"
if command -v kcat >/dev/null; then
  delimiter='\xfe\xfd\xfcNF-RECORD\xfc\xfd\xfe'
  "$baseline" --count "$count" --kcat-file "$work/kcat.bin" 2>>"$work/tools.log"
  for run in 1 2; do
    start_ns=$(date +%s%N)
    kcat -P -b "$bootstrap" -t newsflow.bench.kcat -D "$delimiter" -X acks=all \
      -X enable.idempotence=true -X linger.ms=5 -X compression.type=lz4 -l "$work/kcat.bin" \
      2>>"$work/tools.log"
    end_ns=$(date +%s%N)
    python3 -c 'import json,sys; n,s,e=map(int,sys.argv[1:4]); t=(e-s)/1e9; print(json.dumps({"msgs_per_second": n/t, "seconds": t, "records": n}))' \
      "$count" "$start_ns" "$end_ns" >"$work/kcat$run.json"
  done
  python3 - "$work/kcat1.json" "$work/kcat2.json" "$(cut -d' ' -f1 /proc/loadavg)" >>"$results" <<'EOF'
import json, sys
runs = [json.load(open(p)) for p in sys.argv[1:3]]
best = max(runs, key=lambda r: r["msgs_per_second"])
best.update(label="kcat -P (same payloads)", runs=[r["msgs_per_second"] for r in runs],
            load_average=float(sys.argv[3]))
print(json.dumps(best))
EOF
fi

echo "== (b) newsflow-ingest, IngestStream, Japanese text of seed size, $count articles per run"
start_ingest newsflow.bench.normalized
for streams in 1 4 16; do
  best_of_two "ingest stream x$streams w256" acked_per_second \
    "$loadgen" --server "127.0.0.1:$ingest_port" --mode stream --concurrency "$streams" \
    --window 256 --count "$count" --warmup 500 --watch-pid "$ingest_pid" --timeout 120
done
# The same with several answers per response (IngestStreamRequest.batch_responses).
for streams in 1 4; do
  best_of_two "ingest stream x$streams w256 batched" acked_per_second \
    "$loadgen" --server "127.0.0.1:$ingest_port" --mode stream --concurrency "$streams" \
    --window 256 --count "$count" --warmup 500 --watch-pid "$ingest_pid" --timeout 120 \
    --batch-acks
done
# Several articles per request (IngestStreamRequest.more), answers batched too.
for streams_and_size in 1:16 4:16 4:64; do
  streams=${streams_and_size%:*}
  size=${streams_and_size#*:}
  best_of_two "ingest stream x$streams w256 $size/req batched" acked_per_second \
    "$loadgen" --server "127.0.0.1:$ingest_port" --mode stream --concurrency "$streams" \
    --window 256 --count "$count" --warmup 500 --watch-pid "$ingest_pid" --timeout 120 \
    --batch-acks --articles-per-request "$size"
done
# The open-loop run sends one article per request: its rate comes from those modes only.
max_rate=$(python3 -c 'import json,sys; print(max(int(json.loads(l).get("acked_per_second", 0)) for l in open(sys.argv[1]) if "ingest stream" in l and "/req" not in l))' "$results")
half=$((max_rate / 2))
if [ "$half" -gt 0 ]; then
  best_of_two "ingest stream x4 w256 at ${half}/s" neg_p99 bash -c \
    "\"$loadgen\" --server 127.0.0.1:$ingest_port --mode stream --concurrency 4 --window 256 \
      --rate $half --duration 10 --count $((half * 10)) --warmup 500 --watch-pid $ingest_pid \
      --timeout 120 \"\$@\" | python3 -c 'import json,sys; r=json.load(sys.stdin); r[\"neg_p99\"]=-r[\"latency_ms\"][\"p99\"]; print(json.dumps(r))'" _
fi
best_of_two "ingest unary x16" acked_per_second \
  "$loadgen" --server "127.0.0.1:$ingest_port" --mode unary --concurrency 16 \
  --count $((count / 4)) --watch-pid "$ingest_pid" --timeout 120

html_dir="$eval_dir/data/extraction/aeb/html"
if [ -d "$html_dir" ]; then
  echo "== (c) newsflow-ingest with HTML extraction ($html_dir)"
  best_of_two "ingest html stream x4 w64" acked_per_second \
    "$loadgen" --server "127.0.0.1:$ingest_port" --mode stream --concurrency 4 --window 64 \
    --mix html=1 --html-dir "$html_dir" --count 2000 --duration 60 --watch-pid "$ingest_pid" \
    --timeout 120
else
  echo "== (c) skipped: no pages in $html_dir"
fi
# (e) The last run's report holds ingest's VmHWM over every run above.
stop "$ingest_pid"
ingest_pid=""

echo "== (d) newsflow-enricher draining $enrich_count pre-filled normalized articles"
start_ingest newsflow.articles.normalized.v1
"$loadgen" --server "127.0.0.1:$ingest_port" --mode stream --concurrency 4 --window 256 \
  --count "$enrich_count" --timeout 120 >>"$work/tools.log"
stop "$ingest_pid"
ingest_pid=""
enrich_run=0
enrich_once() {  # prints one JSON object: the consume report of a fresh enricher group
  enrich_run=$((enrich_run + 1))
  local out_topic=newsflow.articles.enriched.v1
  [ "$enrich_run" -gt 1 ] && out_topic=newsflow.bench.enriched2
  "$bin/enricher/newsflow-enricher" --metrics.listen 127.0.0.1:0 \
    --kafka.bootstrap_servers "$bootstrap" --kafka.group_id "newsflow-bench-$enrich_run" \
    --topics.enriched "$out_topic" --log.level warn \
    >"$work/enricher.out" 2>>"$work/enricher.log" &
  local enricher_pid=$!
  pids+=($enricher_pid)
  "$loadgen" --mode consume -b "$bootstrap" --topic "$out_topic" --count "$enrich_count" \
    --duration 180 --watch-pid "$enricher_pid" "$@"
  stop "$enricher_pid"
}
best_of_two "enricher" records_per_second_by_arrival enrich_once

echo
python3 - "$results" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
raw = next((r["msgs_per_second"] for r in rows if r["label"].startswith("raw producer")), 0)
print(f"{'measurement':40} {'rate/s':>9} {'MB/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'p99.9 ms':>9}"
      f" {'errors':>6} {'x raw':>6} {'per CPU-s':>9} {'HWM MB':>7} {'load':>5}")
for r in rows:
    lat = r.get("latency_ms", {})
    rate = r.get("acked_per_second") or r.get("msgs_per_second") or \
        r.get("records_per_second_by_arrival") or 0
    mb = r.get("mb_per_second") or r.get("body_mb_per_second") or 0
    watched = (r.get("watched") or [{}])[0]
    ratio = f"{rate / raw:.2f}" if raw and "ingest" in r["label"] else ""
    def ms(k):
        return f"{lat[k]:.2f}" if k in lat else ""
    print(f"{r['label'][:40]:40} {rate:9.0f} {mb:7.1f} {ms('p50'):>8} {ms('p99'):>8}"
          f" {ms('p99_9'):>9} {r.get('error_count', 0):6} {ratio:>6}"
          f" {watched.get('items_per_cpu_second', 0):9.0f} {watched.get('vm_hwm_mb', 0):7.1f}"
          f" {r.get('load_average', 0):5.2f}")
print("rate: acked articles/s (ingest), msgs/s (producers), enriched records/s (enricher);"
      " per CPU-s and HWM MB: of the service under test (ingest or enricher); better of two runs")
EOF
if [ -n "$json_file" ]; then
  cp "$results" "$json_file"
  echo "bench: results written to $json_file"
fi
