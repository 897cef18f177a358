#!/usr/bin/env bash
# Smoke test of a deployed API: waits until /api/health reports the build just deployed (its commit in
# x-build-commit and its model in x-model-version) on several answers in a row, then runs the contract
# suite against it. A deploy takes a while to go live and the old build answers meanwhile; with a
# rolling update (Flex Consumption) old and new instances answer side by side for a few minutes.
# Usage: smoke.sh <base-url> <model-card.json> <commit>
# Needs FORESTFN_API_KEY (a function key). FORESTFN_SMOKE_TIMEOUT / _INTERVAL: seconds (600 / 10);
# FORESTFN_SMOKE_CONFIRMATIONS: answers in a row that must report the new build (3);
# FORESTFN_CONTRACT_DIR: the checkout whose contract suite runs (default: the current directory).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

usage='usage: smoke.sh <base-url> <model-card.json> <commit>'
url="${1:?$usage}"
card="${2:?$usage}"
commit="${3:?$usage}"
url="${url%/}"
require_env FORESTFN_API_KEY
[[ "$commit" =~ ^[0-9a-f]{40}$ ]] || die "the expected commit must be a full 40-character sha, got '$commit'"
expected=$(card_version "$card")
[[ -n "$expected" ]] || die "$card has no model version"

timeout="${FORESTFN_SMOKE_TIMEOUT:-600}"
interval="${FORESTFN_SMOKE_INTERVAL:-10}"
confirmations="${FORESTFN_SMOKE_CONFIRMATIONS:-3}"
want="$commit $expected"
deadline=$((SECONDS + timeout))
seen=0
served=""
while :; do
  # "<commit> <model version>" from the headers of a healthy answer; empty when it is not healthy.
  served=$(curl --silent --show-error --fail --max-time 10 --dump-header - --output /dev/null "$url/api/health" 2>/dev/null |
    tr -d '\r' | awk -F': *' '
      tolower($1) == "x-build-commit" { commit = $2 }
      tolower($1) == "x-model-version" { model = $2 }
      END { if (model != "") print (commit == "" ? "(none)" : commit) " " model }') || served=""
  if [[ "$served" == "$want" ]]; then
    seen=$((seen + 1))
    if ((seen >= confirmations)); then break; fi
  else
    seen=0
  fi
  if ((SECONDS >= deadline)); then
    die "$url/api/health did not report commit $commit with model $expected within ${timeout}s (last seen: '${served:-no healthy answer}')"
  fi
  printf 'waiting for %s to serve commit %s, model %s (now: %s; %s of %s in a row)\n' \
    "$url" "$commit" "$expected" "${served:-not healthy}" "$seen" "$confirmations"
  sleep "$interval"
done
notice "$url serves commit $commit (model $expected); running the contract suite."

cd "${FORESTFN_CONTRACT_DIR:-.}"
FORESTFN_BASE_URL="$url" pnpm test:contract
