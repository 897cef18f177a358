#!/usr/bin/env bash
# Downloads the build of a CI run (the forestfn-build artifact) and verifies its checksums, so the
# deploy ships exactly the zip and model that CI validated.
# Usage: fetch-build.sh <run-id> <dir>   Output `model-version`. Needs GH_TOKEN and GH_REPO.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

run="${1:?usage: fetch-build.sh <run-id> <dir>}"
dir="${2:?usage: fetch-build.sh <run-id> <dir>}"
mkdir -p "$dir"

gh run download "$run" --name forestfn-build --dir "$dir"
version=$(verify_build "$dir" "the build of CI run $run" "artifacts expire after 90 days: use the rollback workflow for older builds")
notice "Deploying the build of CI run $run, model version $version."
set_output model-version "$version"
