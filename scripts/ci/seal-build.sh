#!/usr/bin/env bash
# Checks that the build produced everything a deploy and a release need, and records their SHA-256
# so that deploy, release and rollback can prove they ship the bytes CI validated.
# Usage: seal-build.sh <dir>   (normally artifacts/) -> <dir>/SHA256SUMS; output `model-version`.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

dir="${1:?usage: seal-build.sh <dir>}"
files=(functions.zip model.bin model-card.json)
for file in "${files[@]}"; do
  [[ -s "$dir/$file" ]] || die "$dir/$file is missing or empty: run pnpm train and pnpm package first"
done

(cd "$dir" && sha256sum "${files[@]}" >SHA256SUMS)
version=$(card_version "$dir/model-card.json")
[[ "$version" =~ ^[0-9a-f]{16}$ ]] || die "$dir/model-card.json has no valid model version (16 lowercase hex chars), got '$version'"

set_output model-version "$version"
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  {
    # shellcheck disable=SC2016 # the backticks are Markdown, not a command substitution
    printf '### Build\n\nModel version `%s`.\n\n```\n' "$version"
    cat "$dir/SHA256SUMS"
    printf '```\n'
  } >>"$GITHUB_STEP_SUMMARY"
fi
