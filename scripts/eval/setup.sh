# Sourced by the scripts in scripts/eval/ with the task name in $task: moves to the repository
# root and sets eval_dir, cli (checked to be built) and python.
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
eval_dir=${NEWSFLOW_EVAL_DIR:-$(cd .. && pwd)/shared/eval}
cli=${NEWSFLOW_BUILD_DIR:-build}/services/newsflow/newsflow
python=/usr/bin/python3
[ -x "$python" ] || python=python3
if [ ! -x "$cli" ]; then
  echo "$task: $cli not built (scripts/eval.sh builds it)" >&2
  exit 2
fi
