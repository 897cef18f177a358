#!/usr/bin/env bash
# Creates the Azure resources the deploy workflows expect, then sets (with an authenticated `gh`) or
# prints the GitHub variables and secrets that point the workflows at them. Safe to re-run: existing
# resources are found by their names, which are derived from the subscription and resource group.
#
# Usage: infra/provision.sh --repo OWNER/REPO [--plan flex|premium] [--name forestfn]
#          [--location eastus] [--resource-group rg-forestfn] [--reviewer GITHUB_LOGIN]
#          [--cors-origins https://app.example.com,...] [--print-only]
#
#   --plan flex     Flex Consumption (default): pay per use, no slots. Staging is a second app,
#                   promotion redeploys the same zip to production (FORESTFN_PROMOTION=redeploy).
#   --plan premium  Elastic Premium EP1 (always one warm instance, billed monthly) with a `staging`
#                   slot; promotion swaps the slot into production (FORESTFN_PROMOTION=slot-swap).
#   --reviewer      GitHub user who must approve production deploys (else add reviewers by hand). The
#                   person who started a deploy can never approve it (prevent self-review).
#   --cors-origins  Page origins allowed to call the API from browsers (FORESTFN_CORS_ORIGINS on both
#                   targets; comma-separated, `*` refused). Default none; re-run to change it.
#   --print-only    Print the gh commands instead of running them.
#
# Each target (production, staging) has its own storage account, reached by its app's managed identity
# (AzureWebJobsStorage__accountName; on Flex also the deployment storage), so what staging can read or
# run never reaches production's storage. On Flex the accounts refuse shared keys altogether; on
# Premium the content file share (Azure Files) still needs one, of that target's account only.
# It also protects `v*` release tags with a repository ruleset (they cannot be moved or deleted).
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
cors_origins=""
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
  --cors-origins) cors_origins="${2:-}" && shift 2 ;;
  --print-only) print_only=true && shift ;;
  -h | --help) sed -n '2,29p' "$0" && exit 0 ;;
  *) die "unknown argument '$1' (--help lists them)" ;;
  esac
done

[[ "$repo" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || die "--repo OWNER/REPO is required (the GitHub repository that deploys)"
[[ "$plan" == flex || "$plan" == premium ]] || die "--plan must be flex or premium, got '$plan'"
[[ "$name" =~ ^[a-z][a-z0-9-]{1,19}$ ]] || die "--name must be 2-20 lowercase letters, digits or dashes, got '$name'"
# Origins as the service reads them (it refuses `*` and would not start): scheme://host[:port], comma-separated.
origin='https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?'
[[ -z "$cors_origins" || "$cors_origins" =~ ^$origin(,$origin)*$ ]] ||
  die "--cors-origins must be origins like https://app.example.com, comma-separated, got '$cors_origins'"
rg="${rg:-rg-$name}"
command -v az >/dev/null || die "the Azure CLI (az) is not installed: https://learn.microsoft.com/cli/azure/install-azure-cli"
command -v openssl >/dev/null || die "openssl is needed to generate function keys"

subscription=$(az account show --query id --output tsv) || die "not logged in to Azure: run az login"
tenant=$(az account show --query tenantId --output tsv)

# Globally unique names that stay the same on every run for this subscription and resource group.
suffix=$(printf '%s/%s' "$subscription" "$rg" | sha256sum | cut -c1-6)
app="$name-$suffix"
staging_app="$app-staging"
# One storage account per target: production's, and staging's (the same name and an `s`).
storage="st$(tr -d '-' <<<"$name" | cut -c1-14)$suffix"
staging_storage="${storage}s"
deploy_container="app-package"
workspace="log-$name"
insights="appi-$name"
plan_name="plan-$name"
issuer=https://token.actions.githubusercontent.com

if [[ "$plan" == flex ]]; then promotion=redeploy; else promotion=slot-swap; fi
# Flex reaches storage with identities only. Premium's content share (Azure Files) needs a key.
if [[ "$plan" == flex ]]; then shared_key=false; else shared_key=true; fi

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

step "Storage accounts $storage (production) and $staging_storage (staging)"
# An existing account keeps its settings until its app reaches it by identity (below): turning shared
# keys off first would cut off an app that still uses a connection string.
storage_account() { # <account>
  if az storage account show --resource-group "$rg" --name "$1" --query id --output tsv >/dev/null 2>&1; then
    printf 'storage account %s exists\n' "$1"
  else
    az storage account create --name "$1" --resource-group "$rg" --location "$location" \
      --sku Standard_LRS --kind StorageV2 --https-only true --min-tls-version TLS1_2 \
      --allow-blob-public-access false --allow-shared-key-access "$shared_key" --output none
  fi
}
storage_account "$storage"
storage_account "$staging_storage"

step "Application Insights $insights (workspace $workspace)"
az extension add --name application-insights --upgrade --only-show-errors --output none
workspace_id=$(az monitor log-analytics workspace create --resource-group "$rg" --workspace-name "$workspace" \
  --location "$location" --query id --output tsv)
az monitor app-insights component create --app "$insights" --resource-group "$rg" --location "$location" \
  --kind web --application-type web --workspace "$workspace_id" --output none

create_flex_app() { # <app> <storage account>
  if exists "$1"; then
    printf 'function app %s exists\n' "$1"
    return
  fi
  # The package goes to a container of the app's own account, written with the app's identity.
  az functionapp create --resource-group "$rg" --name "$1" --storage-account "$2" \
    --flexconsumption-location "$location" --runtime node --runtime-version "$node_version" \
    --instance-memory 2048 --maximum-instance-count 40 --app-insights "$insights" \
    --assign-identity '[system]' --deployment-storage-name "$2" \
    --deployment-storage-container-name "$deploy_container" \
    --deployment-storage-auth-type SystemAssignedIdentity --output none
}

if [[ "$plan" == flex ]]; then
  step "Function apps $app and $staging_app (Flex Consumption: scale-out to 40 instances, no slots)"
  create_flex_app "$app" "$storage"
  create_flex_app "$staging_app" "$staging_storage"
else
  step "Function app $app on Elastic Premium plan $plan_name, with a staging slot"
  az functionapp plan create --resource-group "$rg" --name "$plan_name" --location "$location" \
    --sku EP1 --is-linux --min-instances 1 --max-burst 20 --output none
  if exists "$app"; then
    printf 'function app %s exists\n' "$app"
  else
    az functionapp create --resource-group "$rg" --name "$app" --plan "$plan_name" --storage-account "$storage" \
      --os-type Linux --runtime node --runtime-version "$node_version" --functions-version 4 \
      --app-insights "$insights" --assign-identity '[system]' --output none
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

# Gives a principal a role on a scope, unless it has it.
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

# Each target reaches its own storage account with its own system-assigned identity (a slot has its
# own): Storage Blob Data Owner on that account, which the host needs for its keys and leases and, on
# Flex, for the deployment package. No other app or slot gets a role on it.
isolate_storage() { # <account> <app> [slot]
  local args principal account_id share connection
  mapfile -t args < <(target "${@:2}")
  principal=$(az functionapp identity assign "${args[@]}" --query principalId --output tsv)
  account_id=$(az storage account show --resource-group "$rg" --name "$1" --query id --output tsv)
  [[ -n "$principal" && -n "$account_id" ]] || die "could not read the identity of $2${3:+/$3} or the id of $1"
  assign "$principal" "Storage Blob Data Owner" "$account_id"
  if [[ "$plan" == flex ]]; then
    if [[ "$(az storage container-rm exists --resource-group "$rg" --storage-account "$1" --name "$deploy_container" --query exists --output tsv)" != true ]]; then
      az storage container-rm create --resource-group "$rg" --storage-account "$1" --name "$deploy_container" --output none
    fi
    az functionapp deployment config set "${args[@]}" --deployment-storage-name "$1" \
      --deployment-storage-container-name "$deploy_container" \
      --deployment-storage-auth-type SystemAssignedIdentity --output none
    az functionapp config appsettings set "${args[@]}" --settings "AzureWebJobsStorage__accountName=$1" --output none
  else
    # Slot settings stay with their slot in a swap: each slot keeps its account and its file share.
    # The share's connection string holds that account's key only (Azure Files takes no identity).
    # Production keeps the share it has (its content lives there); the staging slot gets its own.
    share=""
    if [[ -z "${3:-}" ]]; then
      share=$(az functionapp config appsettings list "${args[@]}" --query "[?name=='WEBSITE_CONTENTSHARE'].value | [0]" --output tsv)
    fi
    if [[ -z "$share" || "$share" == None ]]; then share="$2${3:+-$3}"; fi
    if [[ "$(az storage share-rm exists --resource-group "$rg" --storage-account "$1" --name "$share" --query exists --output tsv)" != true ]]; then
      az storage share-rm create --resource-group "$rg" --storage-account "$1" --name "$share" --output none
    fi
    connection=$(az storage account show-connection-string --resource-group "$rg" --name "$1" --query connectionString --output tsv)
    az functionapp config appsettings set "${args[@]}" --output none --slot-settings \
      "AzureWebJobsStorage__accountName=$1" "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING=$connection" \
      "WEBSITE_CONTENTSHARE=$share"
  fi
  # The connection strings `functionapp create` wrote (account keys): the identity replaces them.
  az functionapp config appsettings delete "${args[@]}" --output none \
    --setting-names AzureWebJobsStorage DEPLOYMENT_STORAGE_CONNECTION_STRING
}

step "Storage by identity: each target's managed identity on its own account only"
isolate_storage "$storage" "$app"
isolate_storage "$staging_storage" "${staging_target[@]}"
if [[ "$plan" == flex ]]; then
  # Only once both apps reach storage by identity: from here on no key opens either account.
  for account in "$storage" "$staging_storage"; do
    az storage account update --resource-group "$rg" --name "$account" --allow-shared-key-access false --output none
  done

  step "Rolling updates (Flex Consumption, public preview): zero-downtime deploys where available"
  for site in "$app_id" "$staging_scope"; do
    if ! az resource update --ids "$site" --api-version 2024-11-01 \
      --set 'properties.functionAppConfig.siteUpdateStrategy={"type":"RollingUpdate"}' --output none; then
      printf 'rolling updates are not available for %s here: it keeps the default (Recreate: a brief restart per deploy)\n' "${site##*/}" >&2
    fi
  done
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

step "App settings: the host's body limit; the browser origins allowed (FORESTFN_CORS_ORIGINS)"
# The service stops reading a body at the spec's 1 MiB (x-forestfn.maxBodyBytes) and answers 413; the host
# refuses a body over this limit before any function runs (its default is 100 MB), as defence in depth.
host_body_limit=2097152
app_settings() { # <app> [slot]
  local args settings
  mapfile -t args < <(target "$@")
  settings=("FUNCTIONS_REQUEST_BODY_SIZE_LIMIT=$host_body_limit")
  if [[ -n "$cors_origins" ]]; then settings+=("FORESTFN_CORS_ORIGINS=$cors_origins"); fi
  az functionapp config appsettings set "${args[@]}" --output none --settings "${settings[@]}"
}
app_settings "$app"
app_settings "${staging_target[@]}"

# A user-assigned identity per GitHub environment, trusted only for that environment's jobs.
identity() { # <identity name> <environment> -> "<client id> <principal id>"
  az identity create --resource-group "$rg" --name "$1" --location "$location" --output none
  az identity federated-credential create --resource-group "$rg" --identity-name "$1" --name "github-$2" \
    --issuer "$issuer" --subject "repo:$repo:environment:$2" --audiences api://AzureADTokenExchange --output none
  az identity show --resource-group "$rg" --name "$1" --query '[clientId, principalId]' --output tsv | tr '\t\n' '  '
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

# An environment that only main can deploy to. Production: required reviewers, and whoever started a
# run cannot approve it (prevent_self_review).
environment() { # <name> [reviewer id]
  local body='{"deployment_branch_policy":{"protected_branches":false,"custom_branch_policies":true}}'
  if [[ "$1" == production ]]; then
    body="{\"prevent_self_review\":true,${body#\{}"
  fi
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

# A ruleset on release tags (v*, what rollback redeploys): nobody can move or delete one. Creating
# them stays open: the release workflow creates them, and rollback checks that a tag's commit is on main.
ruleset_name="forestfn release tags"
ruleset_body='{"name":"forestfn release tags","target":"tag","enforcement":"active","bypass_actors":[],"conditions":{"ref_name":{"include":["refs/tags/v*"],"exclude":[]}},"rules":[{"type":"update"},{"type":"deletion"},{"type":"non_fast_forward"}]}'
tag_ruleset() {
  local id
  if [[ "$use_gh" == true ]]; then
    id=$(gh api "repos/$repo/rulesets" --jq ".[] | select(.name == \"$ruleset_name\") | .id") ||
      die "could not read the rulesets of $repo (on a private repository they need GitHub Pro, Team or Enterprise)"
    if [[ -n "$id" ]]; then
      printf '%s' "$ruleset_body" | gh api --method PUT "repos/$repo/rulesets/$id" --input - --silent
    else
      printf '%s' "$ruleset_body" | gh api --method POST "repos/$repo/rulesets" --input - --silent
    fi
  else
    printf "printf '%%s' %q | gh api --method POST %q --input -\n" "$ruleset_body" "repos/$repo/rulesets"
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
tag_ruleset

step "Done"
printf '%-22s %s\n' "plan" "$plan (FORESTFN_PROMOTION=$promotion)" \
  "resource group" "$rg" \
  "production app" "$app" \
  "staging" "$(if [[ "$plan" == flex ]]; then printf '%s' "$staging_app"; else printf '%s/staging (slot)' "$app"; fi)" \
  "storage" "$storage (production), $staging_storage (staging)" \
  "application insights" "$insights"
if [[ -z "$reviewer_id" ]]; then
  printf '\nAdd required reviewers to the production environment: Settings > Environments > production.\n'
fi
printf 'Whoever starts a deploy cannot approve it: give production at least two reviewers (or a team).\n'
