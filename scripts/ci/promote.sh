#!/usr/bin/env bash
# Promotes what staging runs to production: swaps the `staging` slot into production (slot-swap), or
# deploys the same zip to the production app (redeploy, for Flex Consumption, which has no slots).
# Usage: promote.sh <functions.zip>   Output `url` (https://host of production).
# Needs an Azure CLI login and AZURE_RESOURCE_GROUP, FORESTFN_APP_NAME, FORESTFN_PROMOTION.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

zip="${1:?usage: promote.sh <functions.zip>}"
require_env AZURE_RESOURCE_GROUP FORESTFN_APP_NAME
mode=$(promotion_mode)

if [[ "$mode" == slot-swap ]]; then
  # The swap moves the warmed-up staging content into production; the previous production build
  # lands in staging, where a swap back is the fastest rollback.
  az functionapp deployment slot swap --resource-group "$AZURE_RESOURCE_GROUP" \
    --name "$FORESTFN_APP_NAME" --slot staging --target-slot production --output none
else
  [[ -s "$zip" ]] || die "$zip is missing or empty"
  az functionapp deployment source config-zip --resource-group "$AZURE_RESOURCE_GROUP" \
    --name "$FORESTFN_APP_NAME" --src "$zip" --output none
fi
url=$(app_url "$FORESTFN_APP_NAME")
set_output url "$url"
