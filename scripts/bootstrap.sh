#!/usr/bin/env bash
# Installs every Debian package newsflow needs to build, test and run the demo.
# Idempotent: packages already present are not touched and nothing is printed for them.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format
  # libFuzzer harnesses (scripts/fuzz.sh)
  clang
  # RPC, serialization and Kafka
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler librdkafka-dev kcat
  # text: charsets, Unicode, HTML5 parsing, language ID, tokenization, domains
  libicu-dev libmodest-dev libcld2-dev libmecab-dev mecab mecab-ipadic-utf8 libpsl-dev zlib1g-dev libssl-dev libcurl4-openssl-dev
  # logging, metrics, config, JSON, CLI
  # L-BFGS for training the NER models (newsflow-ner-train --trainer crf)
  liblbfgs-dev
  libspdlog-dev libfmt-dev prometheus-cpp-dev libcpp-httplib-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # Python clients used by tests and examples (Debian's python3, not a virtualenv)
  python3 python3-grpcio python3-protobuf python3-confluent-kafka
  # English word clusters from embeddings (scripts/make_word_clusters.sh; it also needs npm)
  python3-numpy
  # benchmark plots (scripts/plot_bench.sh)
  gnuplot-nox
  # deployment checks (tests/integration/deploy_check.py)
  python3-yaml python3-jsonschema
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "bootstrap: installing ${missing[*]}"
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bootstrap: done"
