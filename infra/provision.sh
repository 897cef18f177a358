#!/usr/bin/env bash
# Creates the Azure resources the deploy workflows expect, then sets (with an authenticated `gh`) or
# prints the GitHub variables and secrets that point the workflows at them. Safe to re-run: existing
# resources are found by their names, which are derived from the subscription and resource group.
#
# Usage: infra/provision.sh --repo OWNER/REPO [--plan flex|premium] [--name forestfn]
#          [--location eastus] [--resource-group rg-forestfn] [--reviewer GITHUB_LOGIN] [--print-only]
#
#   --plan flex     Flex Consumption (default): pay per use, no slots. Staging is a second app,
#                   promotion redeploys the same zip to production (FORESTFN_PROMOTION=redeploy).
#   --plan premium  Elastic Premium EP1 (always one warm instance, billed monthly) with a `staging`
#                   slot; promotion swaps the slot into production (FORESTFN_PROMOTION=slot-swap).
#   --reviewer      GitHub user who must approve production deploys (else add reviewers by hand).
#   --print-only    Print the gh commands instead of running them.
#
# Needs the Azure CLI (logged in: `az login`), openssl, and optionally the GitHub CLI. Access: Owner or
# User Access Administrator on the subscription (it creates role assignments).
set -euo pipefail

die() {
  printf 'provision: %s\n' "$*" >&2
  exit 1
}
((BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 4))) ||
  die "needs bash 4.4 or later, this is $BASH_VERSION (macOS: brew install bash, or use Azure Cloud Shell)"
# `set -e` also inside $(...): a failed key update must not be captured as if it had worked.
shopt -s inherit_errexit
step() { printf '\n==> %s\n' "$*"; }

name=forestfn
plan=flex
location=eastus
rg=""
repo=""
reviewer=""
print_only=false
node_version=22
key_name=github

while (($# > 0)); do
  case "$1" in
  --repo) repo="${2:-}" && shift 2 ;;
  --plan) plan="${2:-}" && shift 2 ;;
  --name) name="${2:-}" && shift 2 ;;
  --location) location="${2:-}" && shift 2 ;;
  --resource-group) rg="${2:-}" && shift 2 ;;
  --reviewer) reviewer="${2:-}" && shift 2 ;;
  --print-only) print_only=true && shift ;;
  -h | --help) sed -n '2,18p' "$0" && exit 0 ;;
  *) die "unknown argument '$1' (--help lists them)" ;;
  esac
done

[[ "$repo" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || die "--repo OWNER/REPO is required (the GitHub repository that deploys)"
[[ "$plan" == flex || "$plan" == premium ]] || die "--plan must be flex or premium, got '$plan'"
[[ "$name" =~ ^[a-z][a-z0-9-]{1,19}$ ]] || die "--name must be 2-20 lowercase letters, digits or dashes, got '$name'"
rg="${rg:-rg-$name}"
command -v az >/dev/null || die "the Azure CLI (az) is not installed: https://learn.microsoft.com/cli/azure/install-azure-cli"
command -v openssl >/dev/null || die "openssl is needed to generate function keys"

subscription=$(az account show --query id --output tsv) || die "not logged in to Azure: run az login"
tenant=$(az account show --query tenantId --output tsv)

# Globally unique names that stay the same on every run for this subscription and resource group.
suffix=$(printf '%s/%s' "$subscription" "$rg" | sha256sum | cut -c1-6)
app="$name-$suffix"
staging_app="$app-staging"
storage="st$(tr -d '-' <<<"$name" | cut -c1-14)$suffix"
workspace="log-$name"
insights="appi-$name"
plan_name="plan-$name"
issuer=https://token.actions.githubusercontent.com

if [[ "$plan" == flex ]]; then promotion=redeploy; else promotion=slot-swap; fi

# Arguments that select an app, or one of its slots.
target() {
  printf '%s\n' --resource-group "$rg" --name "$1"
  if [[ -n "${2:-}" ]]; then printf '%s\n' --slot "$2"; fi
}

exists() {
  local args
  mapfile -t args < <(target "$@")
  az functionapp show "${args[@]}" --query id --output tsv >/dev/null 2>&1
}

step "Resource group $rg ($location)"
az group create --name "$rg" --location "$location" --output none

step "Storage account $storage"
az storage account create --name "$storage" --resource-group "$rg" --location "$location" \
  --sku Standard_LRS --kind StorageV2 --https-only true --min-tls-version TLS1_2 \
  --allow-blob-public-access false --output none

step "Application Insights $insights (workspace $workspace)"
az extension add --name application-insights --upgrade --only-show-errors --output none
workspace_id=$(az monitor log-analytics workspace create --resource-group "$rg" --workspace-name "$workspace" \
  --location "$location" --query id --output tsv)
az monitor app-insights component create --app "$insights" --resource-group "$rg" --location "$location" \
  --kind web --application-type web --workspace "$workspace_id" --output none

create_flex_app() {
  if exists "$1"; then
    printf 'function app %s exists\n' "$1"
    return
  fi
  az functionapp create --resource-group "$rg" --name "$1" --storage-account "$storage" \
    --flexconsumption-location "$location" --runtime node --runtime-version "$node_version" \
    --instance-memory 2048 --maximum-instance-count 40 --app-insights "$insights" --output none
}

if [[ "$plan" == flex ]]; then
  step "Function apps $app and $staging_app (Flex Consumption: scale-out to 40 instances, no slots)"
  create_flex_app "$app"
  create_flex_app "$staging_app"
else
  step "Function app $app on Elastic Premium plan $plan_name, with a staging slot"
  az functionapp plan create --resource-group "$rg" --name "$plan_name" --location "$location" \
    --sku EP1 --is-linux --min-instances 1 --max-burst 20 --output none
  if exists "$app"; then
    printf 'function app %s exists\n' "$app"
  else
    az functionapp create --resource-group "$rg" --name "$app" --plan "$plan_name" --storage-account "$storage" \
      --os-type Linux --runtime node --runtime-version "$node_version" --functions-version 4 \
      --app-insights "$insights" --output none
  fi
  # The zip is built by CI (no build on the server) and is run as a read-only package.
  az functionapp config appsettings set --resource-group "$rg" --name "$app" --output none \
    --settings WEBSITE_RUN_FROM_PACKAGE=1 SCM_DO_BUILD_DURING_DEPLOYMENT=false
  if exists "$app" staging; then
    printf 'slot %s/staging exists\n' "$app"
  else
    az functionapp deployment slot create --resource-group "$rg" --name "$app" --slot staging \
      --configuration-source "$app" --output none
  fi
fi

app_id=$(az functionapp show --resource-group "$rg" --name "$app" --query id --output tsv)
if [[ "$plan" == flex ]]; then
  staging_scope=$(az functionapp show --resource-group "$rg" --name "$staging_app" --query id --output tsv)
else
  staging_scope="$app_id/slots/staging"
fi

# The staging target: the second app (Flex) or the slot (Premium).
if [[ "$plan" == flex ]]; then
  staging_target=("$staging_app")
else
  staging_target=("$app" staging)
fi

step "HTTPS only; basic-auth publishing (publish profiles) off: deploys use Entra ID (OIDC) only"
https_only() {
  local args
  mapfile -t args < <(target "$@")
  az functionapp update "${args[@]}" --set httpsOnly=true --output none
}
https_only "$app"
https_only "${staging_target[@]}"
for site in "$app_id" "$staging_scope"; do
  for policy in scm ftp; do
    az resource update --ids "$site/basicPublishingCredentialsPolicies/$policy" --set properties.allow=false --output none
  done
done

# A user-assigned identity per GitHub environment, trusted only for that environment's jobs.
identity() { # <identity name> <environment> -> "<client id> <principal id>"
  az identity create --resource-group "$rg" --name "$1" --location "$location" --output none
  az identity federated-credential create --resource-group "$rg" --identity-name "$1" --name "github-$2" \
    --issuer "$issuer" --subject "repo:$repo:environment:$2" --audiences api://AzureADTokenExchange --output none
  az identity show --resource-group "$rg" --name "$1" --query '[clientId, principalId]' --output tsv | tr '\t\n' '  '
}

assign() { # <principal id> <role> <scope>
  local count
  count=$(az role assignment list --scope "$3" --role "$2" --query "length([?principalId=='$1'])" --output tsv)
  if [[ "$count" == 0 ]]; then
    az role assignment create --assignee-object-id "$1" --assignee-principal-type ServicePrincipal \
      --role "$2" --scope "$3" --output none
  else
    printf '%s already has %s on %s\n' "$1" "$2" "${3##*/providers/}"
  fi
}

step "GitHub OIDC identities (federated credentials for $repo, environments staging and production)"
staging_ids=$(identity "id-$name-github-staging" staging)
production_ids=$(identity "id-$name-github-production" production)
read -r staging_client staging_principal <<<"$staging_ids"
read -r production_client production_principal <<<"$production_ids"
[[ -n "${staging_principal:-}" && -n "${production_principal:-}" ]] || die "could not read the identities' ids"

step "Role assignments: Website Contributor on exactly what each environment deploys"
assign "$staging_principal" "Website Contributor" "$staging_scope"
if [[ "$plan" == premium ]]; then
  # Deploying to a slot reads its app; swapping needs the app itself, which only production gets.
  assign "$staging_principal" Reader "$app_id"
fi
assign "$production_principal" "Website Contributor" "$app_id"

# A host-level function key per target for the contract suite; an existing key is kept, so re-runs
# do not invalidate the GitHub secret. The key is held in a variable and never printed.
ensure_key() { # <app> [slot] -> key on stdout (captured by the caller)
  local args key attempt
  mapfile -t args < <(target "$@")
  for attempt in 1 2 3 4 5 6; do
    if key=$(az functionapp keys list "${args[@]}" --query "functionKeys.$key_name" --output tsv 2>/dev/null); then
      if [[ -z "$key" ]]; then
        key=$(openssl rand -base64 33 | tr '+/' '-_' | tr -d '=\n')
        az functionapp keys set "${args[@]}" --key-type functionKeys --key-name "$key_name" \
          --key-value "$key" --output none
      fi
      printf '%s' "$key"
      return
    fi
    # A new app's host can take a minute before it answers key requests.
    printf 'the host of %s is not answering yet (attempt %s)\n' "$1${2:+/$2}" "$attempt" >&2
    sleep "${PROVISION_RETRY_SECONDS:-15}"
  done
  die "could not read the function keys of $1${2:+/$2}: re-run this script in a few minutes"
}

step "Function keys for the contract suite"
staging_key=$(ensure_key "${staging_target[@]}")
production_key=$(ensure_key "$app")

use_gh=false
if [[ "$print_only" == false ]] && command -v gh >/dev/null && gh auth status >/dev/null 2>&1; then
  use_gh=true
fi

# Runs a gh command, or prints it for the user to run.
github() {
  if [[ "$use_gh" == true ]]; then
    gh "$@"
  else
    printf 'gh'
    printf ' %q' "$@"
    printf '\n'
  fi
}

# Stores a function key as an environment secret, through stdin so it appears in no command line.
key_secret() { # <environment> <key> <app> [slot]
  local args
  if [[ "$use_gh" == true ]]; then
    printf '%s' "$2" | gh secret set FORESTFN_FUNCTION_KEY --env "$1" --repo "$repo"
  else
    mapfile -t args < <(target "${@:3}")
    printf 'az functionapp keys list'
    printf ' %q' "${args[@]}"
    printf ' --query functionKeys.%s --output tsv | gh secret set FORESTFN_FUNCTION_KEY --env %q --repo %q\n' \
      "$key_name" "$1" "$repo"
  fi
}

# An environment that only main can deploy to, with required reviewers for production.
environment() { # <name> [reviewer id]
  local body='{"deployment_branch_policy":{"protected_branches":false,"custom_branch_policies":true}}'
  if [[ -n "${2:-}" ]]; then
    body="{\"reviewers\":[{\"type\":\"User\",\"id\":$2}],${body#\{}"
  fi
  if [[ "$use_gh" == true ]]; then
    printf '%s' "$body" | gh api --method PUT "repos/$repo/environments/$1" --input - --silent
    local policies
    policies=$(gh api "repos/$repo/environments/$1/deployment-branch-policies" --jq '.branch_policies[].name')
    if ! grep -qx main <<<"$policies"; then
      gh api --method POST "repos/$repo/environments/$1/deployment-branch-policies" -f name=main -f type=branch --silent
    fi
  else
    printf "printf '%%s' %q | gh api --method PUT %q --input -\n" "$body" "repos/$repo/environments/$1"
    printf 'gh api --method POST %q -f name=main -f type=branch\n' "repos/$repo/environments/$1/deployment-branch-policies"
  fi
}

if [[ "$use_gh" == true ]]; then
  step "GitHub configuration of $repo (gh is logged in)"
else
  step "GitHub configuration: run these commands (gh auth login first), or set the same values in the web UI"
fi

reviewer_id=""
if [[ -n "$reviewer" && "$use_gh" == true ]]; then
  reviewer_id=$(gh api "users/$reviewer" --jq .id)
fi
environment staging
environment production "$reviewer_id"

github variable set AZURE_TENANT_ID --repo "$repo" --body "$tenant"
github variable set AZURE_SUBSCRIPTION_ID --repo "$repo" --body "$subscription"
github variable set AZURE_RESOURCE_GROUP --repo "$repo" --body "$rg"
github variable set FORESTFN_APP_NAME --repo "$repo" --body "$app"
github variable set FORESTFN_PROMOTION --repo "$repo" --body "$promotion"
if [[ "$plan" == flex ]]; then
  github variable set FORESTFN_STAGING_APP_NAME --repo "$repo" --body "$staging_app"
fi
github variable set AZURE_CLIENT_ID --repo "$repo" --env staging --body "$staging_client"
github variable set AZURE_CLIENT_ID --repo "$repo" --env production --body "$production_client"
key_secret staging "$staging_key" "${staging_target[@]}"
key_secret production "$production_key" "$app"

step "Done"
printf '%-22s %s\n' "plan" "$plan (FORESTFN_PROMOTION=$promotion)" \
  "resource group" "$rg" \
  "production app" "$app" \
  "staging" "$(if [[ "$plan" == flex ]]; then printf '%s' "$staging_app"; else printf '%s/staging (slot)' "$app"; fi)" \
  "storage" "$storage" \
  "application insights" "$insights"
if [[ -z "$reviewer_id" ]]; then
  printf '\nAdd required reviewers to the production environment: Settings > Environments > production.\n'
fi
