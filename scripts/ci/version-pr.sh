#!/usr/bin/env bash
# Applies the pending changesets (`changeset version`: new versions and changelogs) on the branch
# changeset-release/<base> and opens or updates the "Version packages" pull request.
# Usage: version-pr.sh   Run in a checkout of <base> (FORESTFN_RELEASE_BASE, default main) whose
# `origin` can be pushed to. Needs GH_TOKEN (contents + pull-requests write).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

base="${FORESTFN_RELEASE_BASE:-main}"
branch="changeset-release/$base"
title="Version packages"

git switch --quiet --force-create "$branch"
pnpm exec changeset version
if [[ -z "$(git status --porcelain)" ]]; then
  notice "changeset version changed nothing: no pull request."
  exit 0
fi

git add --all
git -c user.name='github-actions[bot]' -c user.email='41898282+github-actions[bot]@users.noreply.github.com' \
  commit --quiet --message "$title"
git push --quiet --force origin "HEAD:refs/heads/$branch"

body=$(mktemp)
trap 'rm -f "$body"' EXIT
{
  printf 'Merging this pull request publishes these versions to npm and creates their GitHub release.\n\n'
  printf '| Package | Version |\n| --- | --- |\n'
  for manifest in packages/client/package.json packages/mock/package.json; do
    node -e 'const p = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")); console.log("| " + p.name + " | " + p.version + " |")' "$manifest"
  done
  printf '\nThe changelogs are in the diff. Pushes by the workflow token start no CI run: close and\n'
  printf 'reopen this pull request to run CI, or set the RELEASE_PR_TOKEN secret (docs/deploy.md).\n'
} >"$body"

number=$(gh pr list --head "$branch" --base "$base" --state open --json number --jq '.[0].number // empty')
if [[ -n "$number" ]]; then
  gh pr edit "$number" --title "$title" --body-file "$body"
  notice "Updated pull request #$number."
else
  gh pr create --base "$base" --head "$branch" --title "$title" --body-file "$body"
fi
