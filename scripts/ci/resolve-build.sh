#!/usr/bin/env bash
# Finds the CI run whose build to deploy and checks that it may be deployed: a successful CI run of
# a push to the deploy branch. Without a run id, takes the latest such run.
# Usage: resolve-build.sh [run-id]   Outputs `run-id`, `head-sha`. Needs GH_TOKEN and GH_REPO.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

branch="${FORESTFN_DEPLOY_BRANCH:-main}"
workflow="${FORESTFN_CI_WORKFLOW:-CI}"
run="${1:-}"

if [[ -z "$run" ]]; then
  run=$(gh run list --workflow ci.yml --branch "$branch" --event push --status success --limit 1 \
    --json databaseId --jq '.[0].databaseId // empty')
  [[ -n "$run" ]] || die "no successful CI run of a push to $branch: nothing to deploy"
fi
[[ "$run" =~ ^[0-9]+$ ]] || die "run id must be a number, got '$run'"

info=$(gh run view "$run" --json workflowName,conclusion,event,headBranch,headSha \
  --jq '[.workflowName, .conclusion, .event, .headBranch, .headSha] | @tsv')
IFS=$'\t' read -r name conclusion event head_branch head_sha <<<"$info"

[[ "$name" == "$workflow" ]] || die "run $run is a '$name' run, not a '$workflow' run"
[[ "$conclusion" == success ]] || die "CI run $run concluded '$conclusion', only successful runs are deployed"
[[ "$event" == push && "$head_branch" == "$branch" ]] ||
  die "CI run $run built '$head_branch' ($event); only pushes to $branch are deployed"
[[ "$head_sha" =~ ^[0-9a-f]{40}$ ]] || die "CI run $run has no commit sha"

set_output run-id "$run"
set_output head-sha "$head_sha"
