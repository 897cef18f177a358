#!/usr/bin/env bash
# Publishes the versions of @forestfn/client and @forestfn/mock that are not on npm yet, with
# provenance, and pushes the git tags changesets creates for them.
# Authentication: npm trusted publishing (OIDC, needs `id-token: write` and npm >= 11.5.1), or the
# NPM_TOKEN secret when set. The token never reaches a file: the npmrc written here refers to the
# variable, which npm expands when it reads the file.
# Usage: publish-packages.sh   Run at the repository root after `pnpm build`.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

export NPM_CONFIG_PROVENANCE=true
if [[ -n "${NPM_TOKEN:-}" ]]; then
  npmrc=$(mktemp)
  trap 'rm -f "$npmrc"' EXIT
  # shellcheck disable=SC2016 # literal on purpose: npm expands ${NPM_TOKEN} itself
  printf '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' >"$npmrc"
  export NPM_CONFIG_USERCONFIG="$npmrc"
else
  notice "No NPM_TOKEN: publishing with npm trusted publishing (OIDC)."
fi

pnpm exec changeset publish
git push --quiet origin --tags
