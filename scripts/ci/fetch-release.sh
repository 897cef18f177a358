#!/usr/bin/env bash
# Downloads what a GitHub release recorded of the function app (zip, model, model card) and verifies
# its checksums: the input of a rollback.
# Usage: fetch-release.sh <tag> <dir>   Output `model-version`. Needs GH_TOKEN and GH_REPO.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

tag="${1:?usage: fetch-release.sh <tag> <dir>}"
dir="${2:?usage: fetch-release.sh <tag> <dir>}"
mkdir -p "$dir"

gh release view "$tag" --json tagName >/dev/null || die "there is no GitHub release '$tag' (gh release list shows them)"
gh release download "$tag" --dir "$dir" --clobber \
  --pattern functions.zip --pattern model.bin --pattern model-card.json --pattern SHA256SUMS
version=$(verify_build "$dir" "release $tag" "it cannot be redeployed")
notice "Rolling back to release $tag, model version $version."
set_output model-version "$version"
