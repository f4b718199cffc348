#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz (clang, ASan+UBSan) and runs each for a bounded time.
#   scripts/fuzz.sh                       every harness, 60 s each
#   scripts/fuzz.sh 300                   every harness, 300 s each
#   scripts/fuzz.sh 30 url_canonicalize_fuzz extract_date_fuzz
# Each harness starts from a copy of tests/fuzz/corpus/<harness>/ in a temporary directory (the
# checked-in corpus is never modified). Prints the executions per harness and the path of any
# crash file; exits non-zero when a harness found a crash, leak, timeout or invariant violation.
# NEWSFLOW_FUZZ_BUILD_DIR (default build-fuzz), NEWSFLOW_FUZZ_KEEP=1 keeps the temp directory.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if [[ $# -gt 0 ]]; then shift; fi
all_harnesses=(text_charset_fuzz text_normalize_fuzz url_canonicalize_fuzz extract_html_fuzz
               extract_clean_fuzz extract_date_fuzz enricher_enrich_fuzz)
harnesses=("$@")
if [[ ${#harnesses[@]} -eq 0 ]]; then harnesses=("${all_harnesses[@]}"); fi

# Largest input libFuzzer generates per harness: pages get room for real markup, the rest less.
max_len_of() {
  case "$1" in
    extract_html_fuzz | text_charset_fuzz | enricher_enrich_fuzz) echo 65536 ;;
    extract_clean_fuzz | text_normalize_fuzz) echo 16384 ;;
    url_canonicalize_fuzz) echo 4096 ;;
    extract_date_fuzz) echo 256 ;;
    *) echo 4096 ;;
  esac
}

build_dir=${NEWSFLOW_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${NEWSFLOW_FUZZ_BUILD_JOBS:-2}
sanitize_flags="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNEWSFLOW_FUZZ=ON -DNEWSFLOW_BUILD_TESTS=OFF -DNEWSFLOW_BUILD_BENCHMARKS=OFF \
  -DCMAKE_C_FLAGS="$sanitize_flags" -DCMAKE_CXX_FLAGS="$sanitize_flags" >/dev/null
cmake --build "$build_dir" -j "$jobs" --target "${harnesses[@]}"

fuzz_bin_dir=$(cd "$build_dir/tests/fuzz" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/newsflow-fuzz.XXXXXX")
if [[ "${NEWSFLOW_FUZZ_KEEP:-0}" != 1 ]]; then trap 'rm -rf "$work"' EXIT; fi
# UBSan findings are fatal so libFuzzer saves the input; ASan leak checking stays on.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

failed=0
summary=()
for harness in "${harnesses[@]}"; do
  corpus="$work/$harness/corpus"
  artifacts="$work/$harness/artifacts"
  mkdir -p "$corpus" "$artifacts"
  if [[ -d "tests/fuzz/corpus/$harness" ]]; then cp -r "tests/fuzz/corpus/$harness/." "$corpus/"; fi
  log="$work/$harness/fuzz.log"
  echo "== $harness: ${seconds}s"
  status=0
  # Run from the temporary directory: with -jobs libFuzzer writes its fuzz-N.log to the cwd.
  (cd "$work/$harness" && "$fuzz_bin_dir/$harness" "$corpus" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len="$(max_len_of "$harness")" \
    -timeout=25 -jobs=1 -workers=1 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1) || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  crashes=$(find "$artifacts" -type f | sort)
  if [[ $status -ne 0 || -n "$crashes" ]]; then
    failed=1
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant violated|.*runtime error)' "$log" | head -n 5 || true
    for crash in $crashes; do
      mkdir -p "$build_dir/fuzz-crashes/$harness"
      cp "$crash" "$build_dir/fuzz-crashes/$harness/"
      echo "   crash file: $build_dir/fuzz-crashes/$harness/$(basename "$crash")"
    done
  fi
  summary+=("$(printf '%-24s %12s executions  exit %d' "$harness" "${execs:-?}" "$status")")
done

echo "== summary (${seconds}s per harness)"
printf '%s\n' "${summary[@]}"
exit $failed
