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
let map, cluster, admin1;

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

function initMap() {
  map = L.map("map", { minZoom: 2, maxZoom: 13, worldCopyJump: true, keyboard: true }).setView([48.5, 35], 5);
  // The offline basemap downloads beside the data but is drawn after the markers: events show first.
  const topo = api("/static/vendor/world-atlas/countries-50m.json");
  state.basemap = state.firstRender.then(() => topo).then((topo) => {
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      renderer: L.canvas({ padding: 0.2 }), interactive: false,
      style: { color: "#7d8a97", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(map).bringToBack();
    document.body.dataset.basemap = "true";
  }).catch((e) => console.warn("basemap", e));
  map.attributionControl.addAttribution("Outlines: Natural Earth (public domain)");
  map.on("zoomend", showAdmin1);
  cluster = L.markerClusterGroup({ maxClusterRadius: 30, spiderfyOnMaxZoom: true, showCoverageOnHover: false });
  map.addLayer(cluster);
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
    admin1 = api("/static/vendor/natural-earth/admin1-lines.json").then((topo) => {
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

// One marker per place with matching events (from one aggregated request), coloured by its commonest type.
function makeMarker(p) {
  const key = p.place != null ? String(p.place) : p.name;
  const top = Object.entries(p.types).sort((a, b) => b[1] - a[1])[0][0];
  const size = Math.round(12 + Math.min(12, 3 * Math.log2(p.count)));
  const title = `${p.name} — ${p.count} event${p.count === 1 ? "" : "s"}, latest ${p.last}`;
  const icon = L.divIcon({ className: "dot", html: "", iconSize: [size, size] });
  const m = L.marker([p.lat, p.lon], { icon, keyboard: true, title, alt: title });
  m.on("add", () => {
    const node = m.getElement();
    if (!node) return;
    node.style.background = typeColor(top);
    node.dataset.place = key;
    node.setAttribute("aria-label", title);
    if (state.selected === key) node.classList.add("sel");
  });
  m.on("click keypress", async () => {
    await openPlace(key);
    const latest = state.placeEvents[state.placeEvents.length - 1];
    if (latest) openEvent(latest.id);
  });
  return m;
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

function drawMarkers(points) {
  state.points = points;
  cluster.clearLayers();
  cluster.addLayers(points.map(makeMarker));
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

function drawTimeline() {
  const host = document.getElementById("timeline-svg");
  host.replaceChildren();
  if (!state.allDays.length) return;
  const w = host.clientWidth || 800, h = host.clientHeight || 80, pad = 16;
  const { counts, lo, hi, older } = timelineData();
  state.scale = { lo, hi, w, x: (d) => ((d - lo) / (hi - lo)) * w, d: (x) => lo + (x / w) * (hi - lo) };
  const max = Math.max(1, ...counts.values());
  const bw = Math.max(2, w / (hi - lo));
  for (const [d, n] of counts) {
    if (d < lo) continue;
    const inRange = !state.range || (d >= state.range[0] && d <= state.range[1]);
    const bh = Math.max(2, ((h - pad) * n) / max);
    const r = svg("rect", { class: "bar" + (inRange ? "" : " out"), x: state.scale.x(d) - bw / 2, y: h - pad - bh, width: bw, height: bh });
    r.append(svg("title")); r.lastChild.textContent = `${isoDay(d)}: ${n} event(s)`;
    host.append(r);
  }
  const years = new Set();
  for (let d = lo; d <= hi; d += 1) { const y = isoDay(d).slice(0, 4); if (!years.has(y) && isoDay(d).endsWith("-01-01")) { years.add(y); const t = svg("text", { class: "axis", x: state.scale.x(d) + 2, y: h - 3 }); t.textContent = y; host.append(t); host.append(svg("line", { x1: state.scale.x(d), x2: state.scale.x(d), y1: 0, y2: h - pad, stroke: "#ccd" })); } }
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
  host.addEventListener("pointerdown", (ev) => { start = dayAt(ev); host.setPointerCapture(ev.pointerId); });
  host.addEventListener("pointermove", (ev) => {
    if (start == null) return;
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
  window.addEventListener("resize", drawTimeline);
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
  let rendered;
  state.firstRender = new Promise((resolve) => { rendered = resolve; });
  initMap();
  initBrush();
  const config = api("/api/config");
  const { points, days } = await api("/api/events/map");  // preloaded by index.html
  performance.mark("frontwatch:data");
  Object.assign(state, { days, allDays: days });
  if (points.length) map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])), { padding: [30, 30], maxZoom: 8, animate: false });
  drawMarkers(points);
  performance.mark("frontwatch:markers");
  renderStatus();
  drawTimeline();
  setRangeLabel();
  document.body.dataset.firstRenderMs = String(Math.round(performance.now()));  // read by benchmarks/web.py
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
