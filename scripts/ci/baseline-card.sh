#!/usr/bin/env bash
# Downloads the model card of the latest GitHub release: the baseline of CI's no-regression check.
# Usage: baseline-card.sh <dir>
# Output `path`: <dir>/model-card.json, or empty (with a notice, exit 0) when there is no release yet.
# Needs GH_TOKEN (and GH_REPO outside a checkout).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

dir="${1:?usage: baseline-card.sh <dir>}"
mkdir -p "$dir"

# An empty answer means no release; any other failure of gh (auth, network) stops the run, because
# silently skipping the regression check would let a worse model through.
tag=$(gh release list --exclude-drafts --limit 100 --json tagName,isLatest --jq '.[] | select(.isLatest) | .tagName')
if [[ -z "$tag" ]]; then
  notice "No GitHub release yet, so no baseline model card: the no-regression check is skipped."
  set_output path ""
  exit 0
fi

assets=$(gh release view "$tag" --json assets --jq '.assets[].name')
if ! grep -qx 'model-card.json' <<<"$assets"; then
  warn "Release $tag has no model-card.json asset: the no-regression check is skipped."
  set_output path ""
  exit 0
fi

gh release download "$tag" --pattern model-card.json --dir "$dir" --clobber
[[ -s "$dir/model-card.json" ]] || die "gh reported success but $dir/model-card.json is missing or empty"
notice "Baseline: the model card of release $tag."
set_output tag "$tag"
set_output path "$dir/model-card.json"
