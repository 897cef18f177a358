#!/usr/bin/env bash
# Deploys the function zip to the staging target: the `staging` slot of the app (FORESTFN_PROMOTION
# slot-swap, Premium plans) or the separate staging app (redeploy, Flex Consumption has no slots).
# Usage: deploy-staging.sh <functions.zip>   Output `url` (https://host of the staging target).
# Needs an Azure CLI login and AZURE_RESOURCE_GROUP, FORESTFN_APP_NAME, FORESTFN_PROMOTION
# (+ FORESTFN_STAGING_APP_NAME for redeploy).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

zip="${1:?usage: deploy-staging.sh <functions.zip>}"
[[ -s "$zip" ]] || die "$zip is missing or empty"
require_env AZURE_RESOURCE_GROUP FORESTFN_APP_NAME
mode=$(promotion_mode)

if [[ "$mode" == slot-swap ]]; then
  az functionapp deployment source config-zip --resource-group "$AZURE_RESOURCE_GROUP" \
    --name "$FORESTFN_APP_NAME" --slot staging --src "$zip" --output none
  url=$(app_url "$FORESTFN_APP_NAME" staging)
else
  require_env FORESTFN_STAGING_APP_NAME
  az functionapp deployment source config-zip --resource-group "$AZURE_RESOURCE_GROUP" \
    --name "$FORESTFN_STAGING_APP_NAME" --src "$zip" --output none
  url=$(app_url "$FORESTFN_STAGING_APP_NAME")
fi
set_output url "$url"
