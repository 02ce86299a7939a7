#!/usr/bin/env bash
# Refresh the pinned browser assets from the npm registry (run by hand; CI and the app never
# fetch anything). Versions are pinned here and listed in docs/third-party.md.
set -euo pipefail
cd "$(dirname "$0")/.."

VEGA=6.4.0
VEGA_LITE=6.5.0
VEGA_EMBED=7.3.0
VEGA_INTERPRETER=2.3.2
AXE=4.14.1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "vega@$VEGA" "vega-lite@$VEGA_LITE" "vega-embed@$VEGA_EMBED" \
  "vega-interpreter@$VEGA_INTERPRETER" "axe-core@$AXE" >/dev/null)
for tgz in "$work"/*.tgz; do
  dir="${tgz%.tgz}"; mkdir -p "$dir"; tar xzf "$tgz" -C "$dir"
done

out=src/mittaristo/static/vendor/vega
mkdir -p "$out"
cp "$work/vega-$VEGA/package/build/vega.min.js" "$out/vega.min.js"
cp "$work/vega-$VEGA/package/LICENSE" "$out/LICENSE-vega.txt"
cp "$work/vega-lite-$VEGA_LITE/package/build/vega-lite.min.js" "$out/vega-lite.min.js"
cp "$work/vega-lite-$VEGA_LITE/package/LICENSE" "$out/LICENSE-vega-lite.txt"
cp "$work/vega-embed-$VEGA_EMBED/package/build/vega-embed.min.js" "$out/vega-embed.min.js"
cp "$work/vega-embed-$VEGA_EMBED/package/LICENSE" "$out/LICENSE-vega-embed.txt"
cp "$work/vega-interpreter-$VEGA_INTERPRETER/package/LICENSE" "$out/LICENSE-vega-interpreter.txt"
# vega-interpreter ships only as an ES module importing 'vega-util'; the vega bundle above
# exports the same functions, so the module becomes a plain script reading them from `vega`.
{
  echo "/* vega-interpreter $VEGA_INTERPRETER (BSD-3-Clause), adapted by scripts/vendor-assets.sh:"
  echo "   the ES module import of vega-util reads window.vega, the export sets window.vegaInterpreter. */"
  echo "(function () {"
  sed -e "s/^import { \(.*\) } from 'vega-util';$/const { \1 } = window.vega;/" \
      -e "s/^export { expression as expressionInterpreter };$/window.vegaInterpreter = { expressionInterpreter: expression };/" \
      -e '/^\/\/# sourceMappingURL/d' \
      "$work/vega-interpreter-$VEGA_INTERPRETER/package/build/vega-interpreter.js"
  echo "})();"
} > "$out/vega-interpreter.js"
grep -q "^import\|^export" "$out/vega-interpreter.js" && { echo "vega-interpreter: adaptation failed" >&2; exit 1; }

axe=tests/browser/vendor
mkdir -p "$axe"
cp "$work/axe-core-$AXE/package/axe.min.js" "$axe/axe.min.js"
cp "$work/axe-core-$AXE/package/LICENSE" "$axe/LICENSE-axe-core.txt"
echo "Vendored vega $VEGA, vega-lite $VEGA_LITE, vega-embed $VEGA_EMBED, vega-interpreter $VEGA_INTERPRETER, axe-core $AXE."
