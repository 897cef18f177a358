#!/usr/bin/env bash
# Finds the model card of the build production serves: the baseline of CI's no-regression check.
# Production's URL comes from GitHub's record of the last successful deployment to the `production`
# environment; its /api/health says which commit and model it serves; the card is that commit's, from
# its CI run (artifacts last 90 days) or from the GitHub release made from it (kept for good).
# Usage: baseline-card.sh <dir>
# Outputs `path`: the card, or `none` in exactly two cases, each said in the job summary:
#   - the first deploy: no deployment to `production` ever succeeded;
#   - the repository variable FORESTFN_BASELINE is `none` (the check turned off by choice, e.g. while
#     production serves a build whose card cannot be found).
# Anything else that prevents finding production's card fails the run. Also outputs `commit` and
# `source` when there is a card. Needs GH_TOKEN and GH_REPO (read access to deployments, actions and
# contents), and curl.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

dir="${1:?usage: baseline-card.sh <dir>}"
require_env GH_REPO
mkdir -p "$dir"
environment="${FORESTFN_PRODUCTION_ENVIRONMENT:-production}"

summary() {
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then printf '%s\n\n' "$*" >>"$GITHUB_STEP_SUMMARY"; fi
}
no_baseline() { # <why>
  notice "$1"
  summary "**No-regression baseline: none.** $1"
  set_output path none
  exit 0
}

case "${FORESTFN_BASELINE:-}" in
"") ;;
none) no_baseline "The repository variable FORESTFN_BASELINE is 'none': the no-regression check is off by choice (delete the variable to turn it back on)." ;;
*) die "FORESTFN_BASELINE may only be 'none' (to turn the no-regression check off), got '$FORESTFN_BASELINE'" ;;
esac

# Production's URL: that of the newest deployment to the environment whose latest status is success.
url=""
ids=$(gh api "repos/$GH_REPO/deployments?environment=$environment&per_page=50" --jq '.[].id')
for id in $ids; do
  status=$(gh api "repos/$GH_REPO/deployments/$id/statuses?per_page=1" --jq '.[0] | (.state // "") + "|" + (.environment_url // "")')
  IFS='|' read -r state address <<<"$status" || true
  if [[ "${state:-}" == success ]]; then
    url="${address:-}"
    [[ -n "$url" ]] || die "deployment $id to $environment succeeded but recorded no URL: the deploy job must set environment.url"
    break
  fi
done
if [[ -z "$url" ]]; then
  no_baseline "First deploy: no deployment to the '$environment' environment has succeeded yet, so there is no served model to compare against."
fi

health=$(curl --silent --show-error --fail --max-time 20 --retry 2 --retry-delay 3 "${url%/}/api/health") ||
  die "production ($url) did not answer /api/health: the baseline is the model it serves, so the regression check cannot run (retry; or set FORESTFN_BASELINE=none while production is down)"
served=$(node -e 'const h = JSON.parse(process.argv[1]); process.stdout.write((h.model?.version ?? "") + "|" + (h.commit ?? ""))' "$health") ||
  die "production ($url) answered /api/health with something that is not forestfn's health JSON"
IFS='|' read -r version commit <<<"$served" || true
[[ -n "${version:-}" ]] || die "production ($url) reports no model version in /api/health"
if [[ ! "${commit:-}" =~ ^[0-9a-f]{40}$ ]]; then
  die "production ($url) serves model $version but does not report the commit it was built from (a build packaged before builds carried it): deploy a current build, or set FORESTFN_BASELINE=none until then"
fi

card="" source=""
# 1. The CI run that built that commit (its artifact, while it lasts).
run=$(gh run list --workflow ci.yml --commit "$commit" --event push --status success --limit 1 \
  --json databaseId --jq '.[0].databaseId // empty')
if [[ -n "$run" ]] && gh run download "$run" --name forestfn-build --dir "$dir/ci-run-$run"; then
  verify_build "$dir/ci-run-$run" "the build of CI run $run" "a CI artifact is complete or absent" >/dev/null
  card="$dir/ci-run-$run/model-card.json" source="CI run $run"
fi
# 2. The release made from that commit (rollbacks deploy releases; their assets do not expire).
if [[ -z "$card" ]]; then
  tag=$(gh api "repos/$GH_REPO/tags?per_page=100" --jq ".[] | select(.commit.sha == \"$commit\") | .name" | grep -m1 '^v' || true)
  if [[ -n "$tag" ]]; then
    gh release download "$tag" --pattern model-card.json --dir "$dir/release-$tag" --clobber
    card="$dir/release-$tag/model-card.json" source="release $tag"
  fi
fi
[[ -n "$card" && -s "$card" ]] ||
  die "production serves commit $commit (model $version), but its CI artifact has expired and no release was made from it: deploy a newer build, or set FORESTFN_BASELINE=none until then"

carded=$(card_version "$card")
[[ "$carded" == "$version" ]] ||
  die "the card from $source is for model $carded, but production serves model $version"

notice "Baseline: the model production serves ($url): model $version, commit $commit, card from $source."
summary "**No-regression baseline:** the model production serves, \`$version\` (commit \`$commit\`, card from $source)."
set_output commit "$commit"
set_output source "$source"
set_output path "$card"
