#!/usr/bin/env bash
# Resolves the GitHub release a rollback asks for to the commit it was built from, and refuses one that
# main never contained. A tag can be pushed by anyone with write access and bypasses branch protection
# (provisioning protects `v*` tags with a ruleset so that a release tag cannot be moved or deleted);
# what a rollback checks out and expects the redeployed build to report is therefore the tag's commit,
# and only if it is on the protected deploy branch.
# Usage: resolve-release.sh <tag>   Output `commit`. Needs GH_TOKEN and GH_REPO.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

tag="${1:-}"
branch="${FORESTFN_DEPLOY_BRANCH:-main}"
require_env GH_REPO
[[ "$tag" =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
  die "'$tag' is not a release tag (v<major>.<minor>.<patch>, as gh release list shows them)"

draft=$(gh release view "$tag" --json isDraft --jq .isDraft) ||
  die "there is no GitHub release '$tag' (gh release list shows them)"
[[ "$draft" == false ]] || die "release $tag is a draft: only published releases are redeployed"

# The tag's object: a commit (lightweight tag, as github-release.sh makes them) or an annotated tag.
object=$(gh api "repos/$GH_REPO/git/ref/tags/$tag" --jq '.object.type + " " + .object.sha')
read -r type sha <<<"$object"
if [[ "$type" == tag ]]; then
  object=$(gh api "repos/$GH_REPO/git/tags/$sha" --jq '.object.type + " " + .object.sha')
  read -r type sha <<<"$object"
fi
[[ "$type" == commit && "$sha" =~ ^[0-9a-f]{40}$ ]] || die "tag $tag does not point at a commit (it points at a ${type:-nothing})"

# `ahead` or `identical`: the branch contains the commit.
status=$(gh api "repos/$GH_REPO/compare/$sha...$branch" --jq .status)
case "$status" in
ahead | identical) ;;
*) die "tag $tag points at $sha, which is not on $branch ($branch is '$status' of it): only builds of $branch are redeployed" ;;
esac

notice "Release $tag was built from $sha, which is on $branch."
set_output commit "$sha"
