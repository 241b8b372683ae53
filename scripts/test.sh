#!/usr/bin/env bash
# npm test: typecheck, lint, then every unit, integration and browser test in one run of
# Node's test runner (one summary at the end). Browser tests need /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "▸ typecheck"
npx tsc --noEmit
echo "▸ lint"
npx biome check --error-on-warnings .

mapfile -t files < <(find test -type f \( -name '*.test.ts' -o -name '*.test.tsx' \) | sort)
echo "▸ ${#files[@]} test files"
exec node --import tsx --test --test-reporter=spec --test-concurrency=2 "${files[@]}"
