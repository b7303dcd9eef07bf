#!/usr/bin/env bash
# How frontwatch/web/vendor/ was filled: packages from the npm registry via `npm pack` (not run by CI; the
# vendored files are committed). Leaflet (BSD-2-Clause), topojson-client (ISC)
# and world-atlas (ISC; Natural Earth data, public domain). world-atlas has country outlines only (no
# first-level admin areas): those come from scripts/build_admin1.sh into vendor/natural-earth/, kept here.
set -euo pipefail
cd "$(dirname "$0")/.."
out=frontwatch/web/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent leaflet@1.9.4 topojson-client@3.1.0 world-atlas@2.0.2 >/dev/null)
for f in "$tmp"/*.tgz; do d="${f%.tgz}"; mkdir -p "$d"; tar xzf "$f" -C "$d"; done
rm -rf "$out/leaflet" "$out/topojson" "$out/world-atlas" && mkdir -p "$out/leaflet/images" "$out/topojson" "$out/world-atlas"
cp "$tmp"/leaflet-1.9.4/package/dist/leaflet.js "$tmp"/leaflet-1.9.4/package/dist/leaflet.css "$out/leaflet/"
cp "$tmp"/leaflet-1.9.4/package/dist/images/*.png "$out/leaflet/images/"
cp "$tmp"/leaflet-1.9.4/package/LICENSE "$out/leaflet/LICENSE"
cp "$tmp"/topojson-client-3.1.0/package/dist/topojson-client.min.js "$tmp"/topojson-client-3.1.0/package/LICENSE "$out/topojson/"
cp "$tmp"/world-atlas-2.0.2/package/countries-50m.json "$tmp"/world-atlas-2.0.2/package/LICENSE "$out/world-atlas/"
cat > "$out/README.md" <<'TXT'
Vendored from the npm registry by scripts/vendor_web.sh (npm pack): leaflet 1.9.4 (BSD-2-Clause),
topojson-client 3.1.0 (ISC), world-atlas 2.0.2 (ISC; its countries-50m.json is made from Natural Earth 1:50m
Admin 0 – Countries, public domain). Each folder keeps its package's licence.
natural-earth/admin1-lines.json: Natural Earth 1:10m first-level admin boundary lines (public domain),
simplified by scripts/build_admin1.sh; see natural-earth/README.md.
TXT
du -sh "$out"
