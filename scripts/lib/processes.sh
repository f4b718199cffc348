# Shared by the scripts that start newsflow's processes (demo.sh, bench.sh): every process
# started through `spawn` is recorded and stopped, by its PID, when the script exits.
# Source it after setting `work` to a scratch folder (removed on exit too).

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wait_for_line() {  # file, pattern, seconds
  for _ in $(seq 1 $(($3 * 10))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$(basename "$0"): timed out waiting for '$2' in $1" >&2
  cat "$1" >&2 || true
  return 1
}
