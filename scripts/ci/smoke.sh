#!/usr/bin/env bash
# Smoke test of a deployed API: waits until /api/health answers with the expected model version (a
# deploy takes a while to go live, and the old build answers meanwhile), then runs the contract suite
# against it.
# Usage: smoke.sh <base-url> <model-card.json>
# Needs FORESTFN_API_KEY (a function key). FORESTFN_SMOKE_TIMEOUT / _INTERVAL: seconds (600 / 10).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

url="${1:?usage: smoke.sh <base-url> <model-card.json>}"
card="${2:?usage: smoke.sh <base-url> <model-card.json>}"
url="${url%/}"
require_env FORESTFN_API_KEY
expected=$(card_version "$card")
[[ -n "$expected" ]] || die "$card has no model version"

timeout="${FORESTFN_SMOKE_TIMEOUT:-600}"
interval="${FORESTFN_SMOKE_INTERVAL:-10}"
deadline=$((SECONDS + timeout))
served=""
while :; do
  served=$(curl --silent --show-error --fail --max-time 10 --dump-header - --output /dev/null "$url/api/health" 2>/dev/null |
    tr -d '\r' | awk -F': *' 'tolower($1) == "x-model-version" { print $2 }') || served=""
  if [[ "$served" == "$expected" ]]; then break; fi
  if ((SECONDS >= deadline)); then
    die "$url/api/health did not serve model $expected within ${timeout}s (last seen: '${served:-no healthy answer}')"
  fi
  printf 'waiting for %s to serve model %s (now: %s)\n' "$url" "$expected" "${served:-not healthy}"
  sleep "$interval"
done
notice "$url serves model $expected; running the contract suite."

FORESTFN_BASE_URL="$url" pnpm test:contract
