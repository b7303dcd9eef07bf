// frontwatch map page: plain JavaScript over the JSON API, no build step. Everything is rendered with
// textContent (never innerHTML from data), so text from the documents cannot inject markup.
"use strict";

const TYPE_COLORS = {
  "Battles": "#c0392b",
  "Explosions/Remote violence": "#e67e22",
  "Violence against civilians": "#8e44ad",
  "Protests": "#2e86c1",
  "Riots": "#16a085",
  "Strategic developments": "#7f8c8d",
};
const SIDE_COLORS = { UA: "#2f6fc0", RU: "#b8322a" };
const DAY = 86400000;

const state = { points: [], days: [], allDays: [], placeEvents: [], places: [], quotes: [], range: null, text: "", selected: null, seq: 0 };
let map, markers, admin1;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}

async function allPages(path) {
  const out = [];
  let cursor = null;
  for (let i = 0; i < 200; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const page = await api(path + sep + "limit=1000" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    out.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return out;
}

const dayNum = (iso) => Date.parse(iso + "T00:00:00Z") / DAY;
const isoDay = (n) => new Date(Math.round(n) * DAY).toISOString().slice(0, 10);
const typeColor = (t) => TYPE_COLORS[t] || "#555";
const sideColor = (a) => (a && (SIDE_COLORS[a.country] || hashColor(a.name))) || "#999";
function hashColor(s) { let h = 0; for (const c of s) h = (h * 31 + c.charCodeAt(0)) % 360; return `hsl(${h},45%,45%)`; }

// --- map -------------------------------------------------------------------------------------------------

// A script the first render does not need (the outlines' decoder), loaded after it.
function loadScript(src) {
  return new Promise((resolve, reject) => {
    document.head.append(el("script", { src, onload: resolve, onerror: () => reject(new Error(`could not load ${src}`)) }));
  });
}

function initMap() {
  map = L.map("map", { minZoom: 2, maxZoom: 13, worldCopyJump: true, keyboard: true }).setView([48.5, 35], 5);
  // The offline basemap downloads once the map's data is in (it would compete with it) and is drawn after
  // the markers: events show first.
  state.topojson = state.dataIn.then(() => loadScript("/static/vendor/topojson/topojson-client.min.js"));
  state.basemap = state.dataIn.then(() => Promise.all([api("/static/vendor/world-atlas/countries-50m.json"), state.topojson]))
    .then(([topo]) => state.firstRender.then(() => topo)).then((topo) => {
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      renderer: L.canvas({ padding: 0.2 }), interactive: false,
      style: { color: "#7d8a97", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(map).bringToBack();
    document.body.dataset.basemap = "true";
  }).catch((e) => console.warn("basemap", e));
  map.attributionControl.addAttribution("Outlines: Natural Earth (public domain)");
  map.on("zoomend", showAdmin1);
  markers = L.featureGroup().addTo(map);
  // One handler for every marker (a marker's Enter key arrives as keypress): cheaper than one per marker.
  markers.on("click keypress", (e) => {
    if (e.type === "keypress" && !["Enter", " "].includes(e.originalEvent.key)) return;
    if (e.layer.group) zoomToGroup(e.layer.group);
    else if (e.layer.place != null) openMarker(e.layer.place);
  });
  map.on("zoomend moveend", layoutMarkers);
  const legend = document.getElementById("legend");
  for (const [t, c] of Object.entries(TYPE_COLORS))
    legend.append(el("li", {}, el("span", { class: "swatch", style: `background:${c}` }), t));
}

// First-level admin lines (states, provinces, oblasts): thinner than country lines, from zoom 5 on. The file
// loads after the first render and only once the map is zoomed in that far.
const ADMIN1_ZOOM = 5;
function showAdmin1() {
  if (!document.body.dataset.ready) return;
  const wanted = map.getZoom() >= ADMIN1_ZOOM;
  if (!admin1 && wanted) {
    admin1 = Promise.all([api("/static/vendor/natural-earth/admin1-lines.json"), state.topojson]).then(([topo]) => {
      const layer = L.geoJSON(topojson.feature(topo, topo.objects.admin1), {
        renderer: L.canvas({ padding: 0.2 }), interactive: false,
        style: { color: "#97a3af", weight: 0.5, dashArray: "3 2", opacity: 0.9 },
      });
      document.body.dataset.admin1 = "true";
      return layer;
    }).catch((e) => { console.warn("admin-1 outlines", e); return null; });
  }
  if (admin1) admin1.then((layer) => {
    if (!layer) return;
    if (map.getZoom() >= ADMIN1_ZOOM) { if (!map.hasLayer(layer)) layer.addTo(map); }
    else if (map.hasLayer(layer)) map.removeLayer(layer);
    document.body.dataset.admin1Shown = String(map.hasLayer(layer));
  });
}

// A marker's dot: its colour, place and label are set when the marker is drawn (few of them are).
const DotIcon = L.DivIcon.extend({
  createIcon(old) {
    const node = L.DivIcon.prototype.createIcon.call(this, old);
    const o = this.options;
    node.style.background = o.color;
    node.dataset.place = o.place;
    node.setAttribute("aria-label", o.label);
    if (state.selected === o.place) node.classList.add("sel");
    return node;
  },
});

// One marker per place with matching events (from one aggregated request), coloured by its commonest type.
function makeMarker(p) {
  const key = p.place != null ? String(p.place) : p.name;
  let top = null;
  for (const t in p.types) if (top === null || p.types[t] > p.types[top]) top = t;
  const size = Math.round(12 + Math.min(12, 3 * Math.log2(p.count)));
  const title = `${p.name} — ${p.count} event${p.count === 1 ? "" : "s"}, latest ${p.last}`;
  const icon = new DotIcon({ className: "dot", html: "", iconSize: [size, size], color: typeColor(top), place: key, label: title });
  const m = L.marker([p.lat, p.lon], { icon, keyboard: true, title, alt: title });
  m.place = key;
  return m;
}

async function openMarker(key) {
  await openPlace(key);
  const latest = state.placeEvents[state.placeEvents.length - 1];
  if (latest) openEvent(latest.id);
}

const placeKey = (loc) => (loc.geonames_id != null ? String(loc.geonames_id) : loc.name);

function filterParams(withRange = true) {
  const p = new URLSearchParams();
  if (state.text) p.set("q", state.text);
  if (withRange && state.range) { p.set("since", isoDay(state.range[0])); p.set("until", isoDay(state.range[1])); }
  const s = p.toString();
  return s ? "?" + s : "";
}

const sumDays = (days, range) => days.reduce((n, d) => {
  const x = dayNum(d.day);
  return n + (!range || (x >= range[0] && x <= range[1]) ? d.count : 0);
}, 0);

// Dense places are clustered: at each zoom, places whose dots fall within CLUSTER px of a bigger place's are
// drawn as one count (a click or Enter zooms in to them). Grouping is a grid walk over the places for the
// current zoom only, and only the markers in and around the view are drawn, so a load costs what the screen
// shows, not one pass per zoom level over every place.
const CLUSTER = 30;
const layout = { zoom: null, groups: [], shown: new Map(), dots: new Map() };

function drawMarkers(points) {
  state.points = points;
  markers.clearLayers();
  Object.assign(layout, { zoom: null, groups: [], shown: new Map(), dots: new Map() });
  layoutMarkers();
}

function groupPlaces(points, zoom) {
  const byCell = new Map(), groups = [];
  const cellOf = (x, y) => `${Math.floor(x / CLUSTER)},${Math.floor(y / CLUSTER)}`;
  const near = zoom < map.getMaxZoom();  // at the last zoom every place has its own dot
  for (const p of points) {  // biggest first (the API's order): they anchor the groups
    const at = map.project([p.lat, p.lon], zoom);
    let found = null;
    if (near) {
      const cx = Math.floor(at.x / CLUSTER), cy = Math.floor(at.y / CLUSTER);
      for (let dx = -1; dx <= 1 && !found; dx++) for (let dy = -1; dy <= 1 && !found; dy++)
        for (const g of byCell.get(`${cx + dx},${cy + dy}`) || [])
          if (Math.abs(g.x - at.x) <= CLUSTER && Math.abs(g.y - at.y) <= CLUSTER) { found = g; break; }
    }
    if (found) { found.points.push(p); found.count += p.count; continue; }
    const g = { x: at.x, y: at.y, points: [p], count: p.count, key: `${zoom}:${groups.length}` };
    groups.push(g);
    const cell = cellOf(at.x, at.y);
    if (!byCell.has(cell)) byCell.set(cell, []);
    byCell.get(cell).push(g);
  }
  return groups;
}

function groupMarker(g) {
  const one = g.points.length === 1;
  if (one) {
    const key = g.points[0].place != null ? String(g.points[0].place) : g.points[0].name;
    if (!layout.dots.has(key)) layout.dots.set(key, makeMarker(g.points[0]));
    return layout.dots.get(key);
  }
  const size = g.count < 10 ? "small" : g.count < 100 ? "medium" : "large";
  const title = `${g.points.length} places, ${g.count} events: zoom in`;
  const label = g.count < 10000 ? String(g.count) : `${Math.round(g.count / 1000)}k`;
  const icon = L.divIcon({ className: `marker-cluster marker-cluster-${size}`, html: el("div", {}, el("span", { text: label })), iconSize: [36, 36] });
  const m = L.marker(map.unproject([g.x, g.y], layout.zoom), { icon, keyboard: true, title });
  m.group = g;
  return m;
}

function layoutMarkers() {
  if (!markers) return;
  const zoom = map.getZoom();
  if (zoom !== layout.zoom) {
    layout.zoom = zoom;
    layout.groups = groupPlaces(state.points, zoom);
  }
  const view = map.getPixelBounds(), pad = view.getSize().divideBy(2);
  const lo = view.min.subtract(pad), hi = view.max.add(pad);
  const wanted = new Map();
  for (const g of layout.groups)
    if (g.x >= lo.x && g.x <= hi.x && g.y >= lo.y && g.y <= hi.y) wanted.set(g.key, g);
  for (const [key, m] of layout.shown) if (!wanted.has(key)) { markers.removeLayer(m); layout.shown.delete(key); }
  for (const [key, g] of wanted) if (!layout.shown.has(key)) {
    const m = groupMarker(g);
    layout.shown.set(key, m);
    markers.addLayer(m);
  }
}

function zoomToGroup(g) {
  const bounds = L.latLngBounds(g.points.map((p) => [p.lat, p.lon]));
  const zoom = Math.min(map.getMaxZoom(), Math.max(map.getZoom() + 1, map.getBoundsZoom(bounds.pad(0.2))));
  map.setView(bounds.getCenter(), zoom);
}

// The map, timeline and lists after a change of search text or date range; stale answers are dropped.
async function refresh(textChanged = false) {
  const seq = ++state.seq;
  document.body.dataset.busy = "true";  // tests and scripts wait for its removal
  try {
    const [view, days] = await Promise.all([
      api("/api/events/map" + filterParams()),
      textChanged && state.range ? api("/api/events/days" + filterParams(false)) : null,
    ]);
    const points = view.points;
    if (textChanged) state.days = days || view.days;
    if (seq !== state.seq) return;
    drawMarkers(points);
    renderStatus();
    drawTimeline();
    renderPlaces();
    renderQuotes();
  } catch (e) {
    document.getElementById("status").textContent = "Could not load: " + (e && e.message ? e.message : String(e));
  } finally {
    if (seq === state.seq) delete document.body.dataset.busy;
  }
}

function renderStatus() {
  const shown = sumDays(state.days, state.range), total = sumDays(state.allDays, null);
  const onMap = state.points.reduce((n, p) => n + p.count, 0);
  document.getElementById("status").textContent =
    `${shown} of ${total} events shown (${onMap} on the map)` + (state.text ? ` matching “${state.text}”` : "");
}

// --- timeline with brush -----------------------------------------------------------------------------

function timelineData() {
  const counts = new Map(state.days.map((d) => [dayNum(d.day), d.count]));
  // The axis spans the bulk of the events: a few far older ones (background facts) would squash the rest.
  const all = state.allDays.map((d) => [dayNum(d.day), d.count]);
  const total = all.reduce((n, d) => n + d[1], 0);
  let seen = 0, p05 = all[0][0];
  for (const [d, n] of all) { seen += n; if (seen >= total * 0.05) { p05 = d; break; } }
  const lo = Math.max(all[0][0], p05 - 180) - 7, hi = all[all.length - 1][0] + 7;
  return { counts, lo, hi, older: all.filter((d) => d[0] < lo).reduce((n, d) => n + d[1], 0) };
}

function measureTimeline() {
  const host = document.getElementById("timeline-svg");
  state.timelineSize = [host.clientWidth || 800, host.clientHeight || 80];
}

function drawTimeline() {
  const host = document.getElementById("timeline-svg");
  host.replaceChildren();
  if (!state.allDays.length) return;
  if (!state.timelineSize) measureTimeline();
  const [w, h] = state.timelineSize, pad = 16;  // measured once (not a forced layout on every draw)
  const { counts, lo, hi, older } = timelineData();
  state.scale = { lo, hi, w, counts, x: (d) => ((d - lo) / (hi - lo)) * w, d: (x) => lo + (x / w) * (hi - lo) };
  const max = Math.max(1, ...counts.values());
  const bw = Math.max(2, w / (hi - lo));
  // All bars in two paths (inside and outside the selected range): a thousand days are two elements.
  const shapes = { in: [], out: [] };
  for (const [d, n] of counts) {
    if (d < lo) continue;
    const inRange = !state.range || (d >= state.range[0] && d <= state.range[1]);
    const bh = Math.max(2, ((h - pad) * n) / max);
    shapes[inRange ? "in" : "out"].push(`M${(state.scale.x(d) - bw / 2).toFixed(1)} ${(h - pad - bh).toFixed(1)}h${bw.toFixed(1)}v${bh.toFixed(1)}h${(-bw).toFixed(1)}z`);
  }
  for (const [k, parts] of Object.entries(shapes))
    if (parts.length) host.append(svg("path", { class: "bar" + (k === "in" ? "" : " out"), d: parts.join("") }));
  for (let y = Number(isoDay(lo).slice(0, 4)) + 1; dayNum(`${y}-01-01`) <= hi; y++) {
    const x = state.scale.x(dayNum(`${y}-01-01`));
    const t = svg("text", { class: "axis", x: x + 2, y: h - 3 });
    t.textContent = String(y);
    host.append(t, svg("line", { x1: x, x2: x, y1: 0, y2: h - pad, stroke: "#ccd" }));
  }
  const hover = svg("text", { class: "axis hover", x: w - 4, y: 11, "text-anchor": "end" });
  host.append(hover);
  const first = svg("text", { class: "axis", x: 2, y: 11 });
  first.textContent = isoDay(lo) + (older ? ` (${older} older event(s) not drawn)` : "");
  host.append(first);
  if (state.range) {
    const [a, b] = state.range.map(state.scale.x);
    host.append(svg("rect", { class: "brush", x: a, y: 0, width: Math.max(2, b - a), height: h - pad }));
  }
}

function setRangeLabel() {
  const label = state.range ? `${isoDay(state.range[0])} – ${isoDay(state.range[1])}` : "All dates";
  document.getElementById("range").textContent = state.range ? `Selected: ${label} (Escape clears)` : "All dates — drag on the timeline to select a range";
  document.getElementById("timeline").setAttribute("aria-valuetext", label);
}

function setRange(range) {
  state.range = range && [Math.floor(Math.min(...range)), Math.ceil(Math.max(...range))];
  setRangeLabel();
  return refresh();
}

function initBrush() {
  const host = document.getElementById("timeline-svg");
  const box = document.getElementById("timeline");
  let start = null;
  const dayAt = (ev) => state.scale.d(ev.clientX - host.getBoundingClientRect().left);
  // The day under the pointer and its count, at the timeline's top right.
  const showDay = (ev) => {
    const hover = host.querySelector(".hover");
    if (!hover || !state.scale) return;
    const d = Math.round(dayAt(ev));
    const n = state.scale.counts.get(d) || 0;
    hover.textContent = `${isoDay(d)}: ${n} event(s)`;
  };
  host.addEventListener("pointerleave", () => { const hover = host.querySelector(".hover"); if (hover) hover.textContent = ""; });
  host.addEventListener("pointerdown", (ev) => { start = dayAt(ev); host.setPointerCapture(ev.pointerId); });
  host.addEventListener("pointermove", (ev) => {
    if (start == null) return showDay(ev);
    state.range = [start, dayAt(ev)].sort((a, b) => a - b);
    drawTimeline();
  });
  host.addEventListener("pointerup", (ev) => {
    if (start == null) return;
    const end = dayAt(ev);
    setRange(Math.abs(end - start) < 1 ? null : [start, end]);
    start = null;
  });
  box.addEventListener("keydown", (ev) => {
    const span = state.scale ? state.scale.hi - state.scale.lo : 0;
    const step = ev.shiftKey ? 30 : 7;
    let r = state.range ? [...state.range] : [state.scale.hi - Math.min(90, span), state.scale.hi];
    if (ev.key === "Escape") return setRange(null);
    if (ev.key === "ArrowLeft") r = [r[0] - step, r[1] - step];
    else if (ev.key === "ArrowRight") r = [r[0] + step, r[1] + step];
    else if (ev.key === "ArrowUp") r = [r[0] - step, r[1]];
    else if (ev.key === "ArrowDown") r = [r[0], Math.max(r[0] + 1, r[1] - step)];
    else return;
    ev.preventDefault();
    setRange(r);
  });
  window.addEventListener("resize", () => { measureTimeline(); drawTimeline(); });
}

// --- places and control ------------------------------------------------------------------------------

function renderPlaces() {
  const list = document.getElementById("places");
  list.replaceChildren();
  const shownIds = new Set(state.points.map((p) => String(p.place)));
  for (const p of state.places) {
    const key = String(p.geonames_id);
    if ((state.text || state.range) && !p.name.toLowerCase().includes(state.text.toLowerCase()) && !shownIds.has(key)) continue;
    const btn = el("button", { class: "item", "data-place": key, onclick: () => openPlace(key) },
      p.name, el("span", { class: "meta", text: ` ${p.admin1 || ""} ${p.country || ""}` }),
      p.control_changes ? el("span", { class: "badge", text: `${p.control_changes} control` }) : null,
      el("span", { class: "badge", text: `${p.events} events` }));
    if (state.selected === key) btn.setAttribute("aria-current", "true");
    list.append(el("li", {}, btn));
  }
}

async function openPlace(key) {
  state.selected = key;
  renderPlaces();
  document.querySelectorAll(".dot.sel").forEach((n) => n.classList.remove("sel"));
  const dot = document.querySelector(`.dot[data-place="${CSS.escape(key)}"]`);
  if (dot) dot.classList.add("sel");
  const panel = document.getElementById("place-panel");
  panel.hidden = false;
  const place = state.places.find((p) => String(p.geonames_id) === key);
  if (place && place.lat != null) map.setView([place.lat, place.lon], Math.max(map.getZoom(), 11), { animate: false });
  document.getElementById("place-h").textContent = place ? `${place.name}, ${place.admin1 || ""} ${place.country || ""}` : key;
  const changesList = document.getElementById("changes");
  changesList.replaceChildren();
  document.getElementById("control-timeline").replaceChildren();
  const stateLine = document.getElementById("place-state");
  try {
    const tl = await api(`/api/places/${encodeURIComponent(key)}/timeline`);
    const at = state.range ? isoDay(state.range[1]) : new Date().toISOString().slice(0, 10);
    const now = await api(`/api/control?place=${encodeURIComponent(key)}&at=${at}`);
    stateLine.replaceChildren(`On ${at}: `, el("strong", { text: now.controller ? now.controller.name : "unknown" }),
      el("span", { class: "badge " + now.status, text: now.status }),
      now.since ? el("span", { class: "meta", text: ` since ${now.since.start}…${now.since.end}` }) : null);
    drawControl(tl);
    for (const c of tl.changes) changesList.append(changeItem(c));
  } catch (e) {
    stateLine.textContent = "No control changes known for this place.";
  }
  const evList = document.getElementById("place-events");
  evList.replaceChildren();
  state.placeEvents = (await api(`/api/events?place=${encodeURIComponent(key)}&limit=1000`)).items;
  for (const e of state.placeEvents)
    evList.append(el("li", {}, el("button", { class: "item", onclick: () => openEvent(e.id) },
      `${e.date.end} ${e.sub_event_type}`, el("span", { class: "badge " + e.modality, text: e.modality }))));
}

function changeItem(c) {
  const li = el("li", { style: `border-left-color:${sideColor(c.controller)}` },
    el("div", {}, el("strong", { text: c.controller.name }),
      el("span", { class: "badge " + c.status, text: c.status }),
      el("span", { class: "meta", text: ` ${c.date.start} – ${c.date.end}${c.date.expression ? ` (“${c.date.expression}”)` : ""}` })));
  for (const ev of c.evidence) {
    li.append(el("blockquote", { text: ev.sentence }),
      el("button", { class: "link", onclick: () => openEvent(c.event_id, ev) , text: `evidence: document ${ev.document_id} @${ev.start}` }));
  }
  return li;
}

function drawControl(tl) {
  const host = document.getElementById("control-timeline");
  const w = host.clientWidth || 400, h = 64;
  const today = new Date().toISOString().slice(0, 10);
  const lo = Math.min(...tl.spans.map((s) => dayNum(s.from))) - 10;
  const hi = Math.max(dayNum(today), ...tl.spans.map((s) => dayNum(s.to || s.from))) ;
  const x = (d) => ((dayNum(d) - lo) / (hi - lo)) * w;
  const defs = svg("defs");
  const pat = svg("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
  pat.append(svg("rect", { width: 6, height: 6, fill: "#fff" }), svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#e0a030", "stroke-width": 3 }));
  defs.append(pat); host.append(defs);
  for (const s of tl.spans) {
    const a = x(s.from), b = x(s.to || today);
    const change = tl.changes.find((c) => c.event_id === s.event_id);
    const fill = s.status === "held" ? sideColor(change && change.controller) : "url(#hatch)";
    const r = svg("rect", { x: a, y: 8, width: Math.max(2, b - a), height: 26, fill, stroke: "#fff", "data-status": s.status });
    r.append(svg("title")); r.lastChild.textContent = `${s.from} – ${s.to || "now"}: ${s.controller} (${s.status})`;
    host.append(r);
  }
  const l = svg("text", { class: "axis", x: 0, y: 50, "font-size": 11 }); l.textContent = isoDay(lo); host.append(l);
  const r = svg("text", { class: "axis", x: w, y: 50, "text-anchor": "end", "font-size": 11 }); r.textContent = today; host.append(r);
  const legend = svg("text", { x: 0, y: 62, "font-size": 10, fill: "#5b6570" });
  legend.textContent = "solid: held (asserted) · hatched: changing or contested (claimed/denied)";
  host.append(legend);
}

// --- events and documents ----------------------------------------------------------------------------

async function openEvent(id, focus) {
  const panel = document.getElementById("event-panel");
  panel.hidden = false;
  const e = await api(`/api/events/${encodeURIComponent(id)}`);
  document.getElementById("event-h").textContent = `${e.sub_event_type}${e.location ? " — " + e.location.name : ""}`;
  const facts = document.getElementById("event-facts");
  facts.replaceChildren();
  const fact = (k, v) => v != null && v !== "" && facts.append(el("dt", { text: k }), el("dd", { text: String(v) }));
  fact("type", `${e.event_type} / ${e.sub_event_type}`);
  fact("when", `${e.date.start} – ${e.date.end} (${e.date.precision}${e.date.expression ? `, “${e.date.expression}”` : ", no date in text"})`);
  fact("actor 1", e.actor1 && e.actor1.name);
  fact("actor 2", e.actor2 && e.actor2.name);
  fact("where", e.location && `${e.location.name}, ${e.location.admin1 || ""} ${e.location.country || ""} (GeoNames ${e.location.geonames_id})`);
  fact("modality", e.modality + (e.claimed_by ? ` by ${e.claimed_by.name}` : ""));
  fact("fatalities", e.fatalities);
  fact("confidence", e.confidence);
  const docs = document.getElementById("event-docs");
  docs.replaceChildren();
  for (const ev of focus ? [focus] : e.evidence) docs.append(await documentView(ev));
  const mark = docs.querySelector("mark.hl");
  if (mark) mark.scrollIntoView({ block: "center", behavior: "instant" });
  panel.scrollIntoView({ block: "nearest" });
}

async function documentView(ev) {
  const doc = await api(`/api/documents/${encodeURIComponent(ev.document_id)}`);
  const title = doc.title || doc.url || `document ${doc.id}`;
  const text = el("div", { class: "doc", tabindex: "0", "aria-label": `Text of ${title}` },
    doc.text.slice(0, ev.start), el("mark", { class: "hl", text: doc.text.slice(ev.start, ev.end) }), doc.text.slice(ev.end));
  return el("div", {}, el("h3", { text: title }),
    el("p", { class: "meta", text: `published ${doc.published || "?"} · ${doc.spans.length} extracted spans · characters ${ev.start}–${ev.end}` }),
    doc.url ? el("a", { class: "evidence", href: doc.url, rel: "noopener", text: "source" }) : null, text);
}

// --- quotes ------------------------------------------------------------------------------------------

function renderQuotes() {
  const list = document.getElementById("quotes");
  list.replaceChildren();
  const text = state.text.toLowerCase();
  const shown = state.quotes.filter((q) => !text || q._hay.includes(text)).slice(0, 200);
  for (const q of shown) {
    const sp = q.speaker;
    list.append(el("li", {}, el("button", { class: "item", onclick: () => openQuote(q) },
      el("strong", { text: sp ? sp.name : "unknown speaker" }),
      sp && sp.affiliation ? el("span", { class: "meta", text: ` (${sp.affiliation})` }) : null,
      el("span", { class: "badge", text: q.kind }),
      el("blockquote", { text: q.text }))));
  }
  if (!shown.length) list.append(el("li", { class: "meta", text: "No quotes." }));
}

async function openQuote(q) {
  const panel = document.getElementById("event-panel");
  panel.hidden = false;
  document.getElementById("event-h").textContent = `Quote — ${q.speaker ? q.speaker.name : "unknown speaker"}`;
  document.getElementById("event-facts").replaceChildren();
  const docs = document.getElementById("event-docs");
  docs.replaceChildren(await documentView({ document_id: q.document_id, start: q.start, end: q.end }));
  const mark = docs.querySelector("mark.hl");
  if (mark) mark.scrollIntoView({ block: "center", behavior: "instant" });
}

// --- start -------------------------------------------------------------------------------------------

function hay(obj) { return JSON.stringify(obj).toLowerCase(); }

// First render: the map's points and the timeline's days (one aggregated request, no page of events), then
// the markers; places, quotes, the basemap and online tiles follow without holding the markers back.
async function start() {
  let rendered, dataIn;
  state.firstRender = new Promise((resolve) => { rendered = resolve; });
  state.dataIn = new Promise((resolve) => { dataIn = resolve; });
  initMap();
  initBrush();
  measureTimeline();  // the page is laid out already (the map measured itself): no extra layout
  const config = api("/api/config");
  const { points, days } = await api("/api/events/map");  // preloaded by index.html
  performance.mark("frontwatch:data");
  dataIn();
  Object.assign(state, { days, allDays: days });
  if (points.length) map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])), { padding: [30, 30], maxZoom: 8, animate: false });
  performance.mark("frontwatch:fit");
  drawMarkers(points);
  performance.mark("frontwatch:markers");
  renderStatus();
  drawTimeline();
  setRangeLabel();
  performance.mark("frontwatch:timeline");
  // First render: the frame with the markers and the timeline is laid out and painted (read by benchmarks/web.py).
  await new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); setTimeout(resolve, 1000); });
  performance.mark("frontwatch:painted");
  document.body.dataset.firstRenderMs = String(Math.round(performance.now()));
  console.info(`first render ${Math.round(performance.now())} ms`);
  rendered();
  const [cfg, places, quotes] = await Promise.all([config, api("/api/places"), allPages("/api/quotes")]);
  if (cfg.tile_url) L.tileLayer(cfg.tile_url, { maxZoom: 18 }).addTo(map).bringToBack();
  for (const q of quotes) q._hay = hay([q.text, q.speaker]);
  Object.assign(state, { places, quotes });
  const labels = L.layerGroup().addTo(map);
  for (const p of places.filter((x) => x.control_changes && x.lat != null))
    L.marker([p.lat, p.lon], { interactive: false, keyboard: false, icon: L.divIcon({ className: "place-label", html: "", iconSize: null }) })
      .bindTooltip(p.name, { permanent: true, direction: "right", className: "place-label", offset: [8, 0] }).addTo(labels);
  renderPlaces();
  renderQuotes();
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "true";  // everything is on the page
  showAdmin1();
}

document.getElementById("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  state.text = document.getElementById("q").value.trim();
  refresh(true);
});
document.getElementById("clear").addEventListener("click", () => {
  document.getElementById("q").value = "";
  state.text = "";
  state.range = null;
  setRangeLabel();
  refresh(true);
});
document.addEventListener("keydown", (ev) => {
  if (ev.key === "/" && document.activeElement.tagName !== "INPUT") { ev.preventDefault(); document.getElementById("q").focus(); }
});
start().catch((e) => { console.error(e); document.getElementById("status").textContent = "Could not load: " + (e && e.message ? e.message : String(e)); });
