#!/usr/bin/env bash
# Decides what the release workflow does: `version` while changesets are pending (open the version
# pull request), `publish` once they are consumed (publish what is not on npm yet).
# Usage: changeset-mode.sh [changeset-dir]   Output `mode`.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

dir="${1:-.changeset}"
[[ -f "$dir/config.json" ]] || die "$dir/config.json not found: run from the repository root"

shopt -s nullglob
pending=()
for file in "$dir"/*.md; do
  [[ "$(basename "$file")" == README.md ]] || pending+=("$(basename "$file")")
done

if ((${#pending[@]} > 0)); then
  notice "${#pending[@]} pending changeset(s): ${pending[*]}"
  set_output mode version
else
  set_output mode publish
fi
