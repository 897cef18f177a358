# shellcheck shell=bash
# Helpers shared by the scripts the workflows call. Sourced, never run.
# Messages use GitHub's workflow commands (::error:: etc.); outside Actions they are plain lines.

# `set -e` also inside $(...), so a failing command in a captured function stops the script.
shopt -s inherit_errexit

die() {
  printf '::error::%s\n' "$*" >&2
  exit 1
}

notice() {
  printf '::notice::%s\n' "$*"
}

warn() {
  printf '::warning::%s\n' "$*" >&2
}

# Fails with the names of the variables that are unset or empty.
require_env() {
  local missing=() name
  for name in "$@"; do
    if [[ -z "${!name:-}" ]]; then missing+=("$name"); fi
  done
  if ((${#missing[@]} > 0)); then
    die "missing environment: ${missing[*]} (see docs/deploy.md, 'Variables and secrets')"
  fi
}

# Step output for later steps (`steps.<id>.outputs.<key>`); echoed too when run by hand.
set_output() {
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
  printf '%s=%s\n' "$1" "$2"
}

# The promotion mode decides what "staging" is: a slot of the app or a second app.
promotion_mode() {
  case "${FORESTFN_PROMOTION:-}" in
  slot-swap | redeploy) printf '%s' "$FORESTFN_PROMOTION" ;;
  *) die "FORESTFN_PROMOTION must be 'slot-swap' (Premium plans) or 'redeploy' (Flex Consumption), got '${FORESTFN_PROMOTION:-}'" ;;
  esac
}

# https://<default host name> of an app or of one of its slots.
app_url() {
  local app="$1" slot="${2:-}" host
  if [[ -n "$slot" ]]; then
    host=$(az functionapp show --resource-group "$AZURE_RESOURCE_GROUP" --name "$app" --slot "$slot" --query defaultHostName --output tsv)
  else
    host=$(az functionapp show --resource-group "$AZURE_RESOURCE_GROUP" --name "$app" --query defaultHostName --output tsv)
  fi
  [[ -n "$host" ]] || die "no host name for $app${slot:+ (slot $slot)}"
  printf 'https://%s' "$host"
}

# The model version (content hash) recorded in a model card.
card_version() {
  node -e 'process.stdout.write(String(JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).version ?? ""))' "$1"
}

# Checks that a downloaded build in DIR has its files and matches its SHA256SUMS, and prints its model
# version. WHAT names the build in messages; MISSING_HINT says what to do when a file is absent.
verify_build() {
  local dir="$1" what="$2" missing_hint="$3" file
  for file in SHA256SUMS functions.zip model-card.json; do
    [[ -s "$dir/$file" ]] || die "$what has no $file ($missing_hint)"
  done
  (cd "$dir" && sha256sum --check --strict --quiet SHA256SUMS) || die "$what does not match its SHA256SUMS"
  card_version "$dir/model-card.json"
}
