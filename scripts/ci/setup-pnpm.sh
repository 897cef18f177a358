#!/usr/bin/env bash
# Installs the pnpm that package.json pins (`packageManager`, also a devDependency) with npm, into a
# folder of its own that later steps find on PATH. It replaces pnpm/action-setup, whose releases still
# run on Node 20. Run it before actions/setup-node, whose `cache: pnpm` asks pnpm for its store.
# Usage: setup-pnpm.sh [project-dir] [install-dir]   (defaults: . and $RUNNER_TEMP/pnpm)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

project="${1:-.}"
prefix="${2:-${RUNNER_TEMP:?usage: setup-pnpm.sh [project-dir] [install-dir] (RUNNER_TEMP is unset)}/pnpm}"
manifest="$project/package.json"
[[ -f "$manifest" ]] || die "$manifest not found"

# "<packageManager>\t<devDependencies.pnpm>" of the manifest.
fields=$(node -e 'const p = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")); process.stdout.write((p.packageManager ?? "") + "\t" + (p.devDependencies?.pnpm ?? ""))' "$manifest")
IFS=$'\t' read -r pinned dev <<<"$fields" || true
[[ "${pinned:-}" =~ ^pnpm@([0-9]+\.[0-9]+\.[0-9]+)(\+.*)?$ ]] || die "$manifest pins no pnpm version (packageManager is '${pinned:-}')"
version="${BASH_REMATCH[1]}"
if [[ -n "${dev:-}" && "$dev" != "$version" ]]; then
  die "$manifest pins pnpm $version in packageManager but $dev in devDependencies: make them equal"
fi

npm install --global --prefix "$prefix" --no-audit --no-fund --loglevel=error "pnpm@$version"
installed=$("$prefix/bin/pnpm" --version)
[[ "$installed" == "$version" ]] || die "installed pnpm $installed, expected $version"
if [[ -n "${GITHUB_PATH:-}" ]]; then
  printf '%s\n' "$prefix/bin" >>"$GITHUB_PATH"
fi
notice "pnpm $version from npm in $prefix/bin"
