#!/usr/bin/env bash
# Creates the GitHub release v<version> of the published packages (a fixed group: one version) unless
# it exists. It records the model the mock carries (notes + release.json) and carries the function
# zip, model and model card that CI built, so rollback can redeploy it, and CI can compare against its
# card while production serves it.
# Usage: github-release.sh <build-dir> <commit-sha> [ci-run-url]
# <build-dir> holds functions.zip, model.bin, model-card.json and SHA256SUMS. Needs GH_TOKEN.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

dir="${1:?usage: github-release.sh <build-dir> <commit-sha> [ci-run-url]}"
sha="${2:?usage: github-release.sh <build-dir> <commit-sha> [ci-run-url]}"
run_url="${3:-}"
for file in functions.zip model.bin model-card.json SHA256SUMS; do
  [[ -s "$dir/$file" ]] || die "$dir/$file is missing: the release must carry the build CI validated"
done
(cd "$dir" && sha256sum --check --strict --quiet SHA256SUMS) || die "$dir does not match its SHA256SUMS"

read_version() {
  node -e 'process.stdout.write(JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).version)' "$1"
}
client=$(read_version packages/client/package.json)
mock=$(read_version packages/mock/package.json)
[[ "$client" == "$mock" ]] || die "@forestfn/client $client and @forestfn/mock $mock differ: they are a fixed group in .changeset/config.json"
tag="v$client"

if gh release view "$tag" --json tagName >/dev/null 2>&1; then
  notice "Release $tag exists: nothing to do."
  exit 0
fi

notes="$dir/release-notes.md"
node - "$dir/model-card.json" "$tag" "$client" "$sha" "$run_url" "$dir/release.json" >"$notes" <<'JS'
const fs = require('node:fs');
const [cardPath, tag, version, sha, runUrl, jsonPath] = process.argv.slice(2);
const card = JSON.parse(fs.readFileSync(cardPath, 'utf8'));
const pct = (x) => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : 'n/a');
const model = { name: card.name, version: card.version, accuracy: card.metrics?.accuracy, macroF1: card.metrics?.macroF1 };
fs.writeFileSync(
  jsonPath,
  `${JSON.stringify({ tag, packages: { '@forestfn/client': version, '@forestfn/mock': version }, model, dataset: card.dataset, commit: sha, ciRun: runUrl || null }, null, 2)}\n`,
);
const changelog = (file) => {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = text.indexOf(`## ${version}\n`);
  if (start < 0) return '';
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(start + `## ${version}\n`.length, next < 0 ? undefined : next).trim();
};
const lines = [
  `@forestfn/client ${version} and @forestfn/mock ${version}.`,
  '',
  `**Model carried by the mock and deployed with this release:** \`${card.name}\` version \`${card.version}\``,
  `(accuracy ${pct(model.accuracy)}, macro F1 ${pct(model.macroF1)} on ${card.metrics?.holdoutRows ?? '?'} holdout rows;`,
  `dataset \`${card.dataset?.path}\`, sha256 \`${card.dataset?.sha256}\`).`,
  '',
  `Built from ${sha}${runUrl ? ` by ${runUrl}` : ''}.`,
  'Assets: `functions.zip` (the function app, model included: the rollback workflow redeploys it),',
  '`model.bin`, `model-card.json` (CI\'s no-regression baseline while production serves this build), `SHA256SUMS`, `release.json`.',
];
for (const [name, file] of [['@forestfn/client', 'packages/client/CHANGELOG.md'], ['@forestfn/mock', 'packages/mock/CHANGELOG.md']]) {
  const section = changelog(file);
  if (section) lines.push('', `## ${name}`, '', section);
}
process.stdout.write(`${lines.join('\n')}\n`);
JS

gh release create "$tag" --target "$sha" --title "forestfn $tag" --notes-file "$notes" --latest \
  "$dir/functions.zip" "$dir/model.bin" "$dir/model-card.json" "$dir/SHA256SUMS" "$dir/release.json"
notice "Created release $tag (model $(card_version "$dir/model-card.json"))."
