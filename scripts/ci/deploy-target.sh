#!/usr/bin/env bash
# Names the Azure target of one deploy job, for the workflow's Azure/functions-action step and smoke
# test. FORESTFN_PROMOTION decides what staging is: the `staging` slot of the app (slot-swap, Elastic
# Premium) or a second app (redeploy, Flex Consumption, which has no slots).
# Usage: deploy-target.sh staging|production
# Outputs: `mode` (the promotion mode), `app`, `slot` (empty: the app itself), `sku` (`flexconsumption`
# for the Flex apps, empty on Premium), `deploy` (`true` when the zip is deployed to this target:
# always to staging; to production only with redeploy, since a swap moves staging's build there) and
# `url` (https://host of the target).
# Needs an Azure CLI login (it reads the host name) and AZURE_RESOURCE_GROUP, FORESTFN_APP_NAME,
# FORESTFN_PROMOTION (+ FORESTFN_STAGING_APP_NAME for redeploy).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

target="${1:-}"
[[ "$target" == staging || "$target" == production ]] || die "usage: deploy-target.sh staging|production, got '$target'"
require_env AZURE_RESOURCE_GROUP FORESTFN_APP_NAME
mode=$(promotion_mode)

app="$FORESTFN_APP_NAME" slot="" sku="" deploy=true
if [[ "$mode" == redeploy ]]; then
  sku=flexconsumption
  if [[ "$target" == staging ]]; then
    require_env FORESTFN_STAGING_APP_NAME
    app="$FORESTFN_STAGING_APP_NAME"
  fi
elif [[ "$target" == staging ]]; then
  slot=staging
else
  deploy=false
fi
url=$(app_url "$app" "$slot")

set_output mode "$mode"
set_output app "$app"
set_output slot "$slot"
set_output sku "$sku"
set_output deploy "$deploy"
set_output url "$url"
