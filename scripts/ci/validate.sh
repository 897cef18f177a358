#!/usr/bin/env bash
# The quality gate: `pnpm validate`, against the baseline model card when there is one.
# Usage: validate.sh [baseline-model-card.json]   (an empty argument means no baseline)
# pnpm validate writes artifacts/report.md, appends it to $GITHUB_STEP_SUMMARY and exits non-zero when
# a threshold is missed or the model regressed beyond the configured tolerance.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

baseline="${1:-}"
if [[ -z "$baseline" ]]; then
  exec pnpm validate
fi
[[ -f "$baseline" ]] || die "baseline model card $baseline does not exist"
exec pnpm validate --baseline "$baseline"
