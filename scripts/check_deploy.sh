#!/usr/bin/env bash
# Checks deploy/ (docker-compose.yml, k8s/, grafana/, Dockerfile) and docs/schema.md without a
# container engine or cluster: schemas, cross references, exported metric names, apt packages.
#   scripts/check_deploy.sh [BUILD_DIR] [unittest args, e.g. GrafanaTest]
# With a build folder (default build/) it also checks that the runtime image's packages provide
# every shared library of the built binaries.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
[[ $# -gt 0 ]] && shift
for module in yaml jsonschema; do
  /usr/bin/python3 -c "import $module" 2>/dev/null || bash "$root/scripts/bootstrap.sh"
done
exec /usr/bin/python3 "$root/tests/integration/deploy_check.py" --source-dir "$root" \
  --build-dir "$build" "$@"
