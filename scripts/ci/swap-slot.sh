#!/usr/bin/env bash
# Promotes on Elastic Premium (FORESTFN_PROMOTION=slot-swap): swaps the `staging` slot, which runs the
# build the contract suite just passed, into production. The previous production build lands in
# staging, where a swap back is the fastest rollback. Slot settings (each slot's storage account and
# managed identity) stay where they are.
# Usage: swap-slot.sh   Needs an Azure CLI login and AZURE_RESOURCE_GROUP, FORESTFN_APP_NAME, FORESTFN_PROMOTION.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

require_env AZURE_RESOURCE_GROUP FORESTFN_APP_NAME
mode=$(promotion_mode)
[[ "$mode" == slot-swap ]] || die "swap-slot.sh promotes with FORESTFN_PROMOTION=slot-swap; with $mode the workflow deploys the zip to production instead"
az functionapp deployment slot swap --resource-group "$AZURE_RESOURCE_GROUP" \
  --name "$FORESTFN_APP_NAME" --slot staging --target-slot production --output none
notice "Swapped the staging slot of $FORESTFN_APP_NAME into production."
