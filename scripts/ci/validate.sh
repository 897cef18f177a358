#!/usr/bin/env bash
# The quality gate: `pnpm validate`, against the model card of what production serves.
# Usage: validate.sh <baseline-model-card.json | none>
# `none` (from baseline-card.sh: the first deploy, or FORESTFN_BASELINE=none) runs the thresholds only;
# anything else must be a card. There is no implicit "no baseline": an empty argument is an error.
# pnpm validate writes artifacts/report.md, appends it to $GITHUB_STEP_SUMMARY and exits non-zero when
# a threshold is missed or the model regressed beyond the configured tolerance.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

baseline="${1:-}"
if [[ "$baseline" == none ]]; then
  notice "No baseline (see the baseline step): checking the thresholds only."
  exec pnpm validate
fi
[[ -n "$baseline" ]] || die "no baseline given: pass the baseline model card, or 'none' (baseline-card.sh says when)"
[[ -f "$baseline" ]] || die "baseline model card $baseline does not exist"
exec pnpm validate --baseline "$baseline"
