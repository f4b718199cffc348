#!/usr/bin/env bash
# Plots the JSON Lines of `scripts/bench.sh --json FILE` with gnuplot:
#   OUT_DIR/ingest_throughput.png  acked articles/s vs IngestStream concurrency per request shape,
#                                  raw producer line
#   OUT_DIR/ingest_latency.png     ack latency p50/p90/p99/p99.9 of every ingest measurement
#   scripts/plot_bench.sh results.jsonl [OUT_DIR]      (OUT_DIR defaults to docs/img)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ ! -s "$1" ]; then
  echo "usage: scripts/plot_bench.sh RESULTS.jsonl [OUT_DIR] (from scripts/bench.sh --json)" >&2
  exit 2
fi
results=$1
out_dir=${2:-docs/img}
mkdir -p "$out_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Tables for gnuplot: throughput.dat (streams, acked/s), raw.dat (msgs/s), latency.dat (label,
# p50, p90, p99, p99.9), title.txt (machine load).
/usr/bin/python3 - "$results" "$work" <<'EOF'
import json, os, re, sys
results, work = sys.argv[1:3]
rows = [json.loads(line) for line in open(results) if line.strip()]
raw = next((r["msgs_per_second"] for r in rows if r["label"].startswith("raw producer")), 0)
# One series per request shape: one article per request (answers one by one or batched), and
# several articles per request ("16/req batched").
series = {"throughput.dat": [], "batched.dat": []}
for r in rows:
    label = r["label"]
    if not label.startswith("ingest stream x") or " at " in label or "html" in label:
        continue
    per_request = re.search(r"(\d+)/req", label)
    name = (f"per{per_request.group(1)}.dat" if per_request
            else "batched.dat" if "batched" in label else "throughput.dat")
    series.setdefault(name, []).append((r["concurrency"], r["acked_per_second"]))
for name, points in series.items():
    with open(os.path.join(work, name), "w") as out:
        for concurrency, rate in sorted(points):
            out.write(f"{concurrency} {rate:.0f}\n")
with open(os.path.join(work, "raw.dat"), "w") as out:
    out.write(f"{raw:.0f}\n")
with open(os.path.join(work, "latency.dat"), "w") as out:
    for r in rows:
        lat = r.get("latency_ms")
        if not lat or not r["label"].startswith("ingest"):
            continue
        label = r["label"].replace("ingest ", "").replace(" ", "_")
        out.write(f'"{label}" {lat["p50"]:.2f} {lat["p90"]:.2f} {lat["p99"]:.2f} {lat["p99_9"]:.2f}\n')
loads = [r.get("load_average", 0) for r in rows]
with open(os.path.join(work, "title.txt"), "w") as out:
    out.write(f"{os.cpu_count()} cores, embedded broker, load average {min(loads):.1f}-{max(loads):.1f}")
EOF

title=$(cat "$work/title.txt")
raw=$(cat "$work/raw.dat")
gnuplot <<EOF
set terminal pngcairo size 900,520 font "sans,11" noenhanced
set output "$out_dir/ingest_throughput.png"
set title "newsflow-ingest over IngestStream (window 256): acked articles/s\n$title"
set xlabel "concurrent streams"
set ylabel "articles/s (log scale)"
set logscale y
set format y "%.0f"
set logscale x 2
set xrange [0.7:24]
set yrange [1000:*]
set grid
set key bottom right
plot "$work/throughput.dat" using 1:2 with linespoints lw 2 pt 7 title "ingest, one article per request", \
     "$work/batched.dat" using 1:2 with linespoints lw 2 pt 5 title "ingest, one per request, batched answers", \
     for [n in "$(cd "$work" && ls per*.dat 2>/dev/null | sed 's/per\([0-9]*\).dat/\1/' | sort -n | tr '\n' ' ')"] \
       "$work/per".n.".dat" using 1:2 with linespoints lw 2 pt 9 title "ingest, ".n." articles per request, batched answers", \
     $raw with lines lw 2 dt 2 title "raw librdkafka producer, same payloads"

set output "$out_dir/ingest_latency.png"
unset logscale
set title "newsflow-ingest ack latency percentiles\n$title"
set xlabel ""
set ylabel "milliseconds"
set xrange [*:*]
set yrange [0:*]
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -20
set key top left
plot "$work/latency.dat" using 2:xtic(1) title "p50", "" using 3 title "p90", \
     "" using 4 title "p99", "" using 5 title "p99.9"
EOF
echo "plot_bench: wrote $out_dir/ingest_throughput.png and $out_dir/ingest_latency.png"
