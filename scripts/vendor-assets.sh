#!/usr/bin/env bash
# Refresh the vendored front-end assets from npm. Run by `make vendor`; needs npm, not needed to run Engage.
# GOV.UK Frontend is used unbranded: the GDS Transport font is only licensed for GOV.UK, so its
# @font-face rules are removed and the font stack falls back to Arial; the crown is never drawn.
set -euo pipefail
GOVUK_VERSION=6.6.0
HTMX_VERSION=2.0.11
AXE_VERSION=4.14.1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "govuk-frontend@$GOVUK_VERSION" "htmx.org@$HTMX_VERSION" "axe-core@$AXE_VERSION" >/dev/null
for t in *.tgz; do mkdir -p "${t%.tgz}" && tar -xzf "$t" -C "${t%.tgz}"; done

dest="$root/static/vendor/govuk-frontend"
rm -rf "$dest" && mkdir -p "$dest/assets"
src="govuk-frontend-$GOVUK_VERSION/package/dist/govuk"
cp "$src/govuk-frontend.min.js" "$dest/"
cp -r "$src/assets/images" "$src/assets/manifest.json" "$dest/assets/"
printf "GOV.UK Frontend %s, MIT licence, (c) Crown copyright. https://github.com/alphagov/govuk-frontend\n" "$GOVUK_VERSION" > "$dest/LICENSE.txt"
python3 - "$src/govuk-frontend.min.css" "$dest/govuk-frontend.min.css" <<'PY'
import re, sys
css = open(sys.argv[1], encoding="utf-8").read()
css = re.sub(r"@font-face\{[^}]*\}", "", css)                      # no GDS Transport
css = css.replace("font-family:GDS Transport,arial,sans-serif", "font-family:arial,sans-serif")
css = css.replace("url(/assets/", "url(assets/")                      # served from /static/vendor/…
css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
open(sys.argv[2], "w", encoding="utf-8").write(css)
PY
sed -i 's#//\# sourceMappingURL=.*##' "$dest/govuk-frontend.min.js"

mkdir -p "$root/static/vendor/htmx"
cp "htmx.org-$HTMX_VERSION/package/dist/htmx.min.js" "$root/static/vendor/htmx/"
cp "htmx.org-$HTMX_VERSION/package/LICENSE" "$root/static/vendor/htmx/LICENSE"

mkdir -p "$root/tests/vendor"
cp "axe-core-$AXE_VERSION/package/axe.min.js" "$root/tests/vendor/axe.min.js"
cp "axe-core-$AXE_VERSION/package/LICENSE" "$root/tests/vendor/axe-core-LICENSE"

cat > "$root/static/vendor/VERSIONS" <<TXT
govuk-frontend $GOVUK_VERSION (MIT, unbranded: GDS Transport font faces removed)
htmx.org $HTMX_VERSION (0BSD)
axe-core $AXE_VERSION (MPL-2.0, tests only: tests/vendor)
TXT
echo "vendored: govuk-frontend $GOVUK_VERSION, htmx $HTMX_VERSION, axe-core $AXE_VERSION"
