// Wires the page together: filters live in the URL (shareable), and the map, timeline and
// table update together whenever they change. The same code runs in `strife serve` (data
// from the local JSON API) and in `strife report` (data embedded in the file).
import {el, clear, debounce, fmtNum} from "./util.js";
import {HttpApi, FILTER_KEYS} from "./api.js";
import {StaticApi} from "./static.js";
import {WorldMap} from "./map.js";
import {Timeline} from "./timeline.js";
import {EventTable} from "./table.js";
import {EvidenceViewer} from "./evidence.js";

function readUrl() {
  const p = new URLSearchParams(location.search);
  const filters = {};
  for (const key of FILTER_KEYS) if (p.get(key)) filters[key] = p.get(key);
  return {filters, sort: p.get("sort"), desc: p.get("desc") === "1", bucket: p.get("bucket") || "auto",
    open: p.get("open"), openKind: p.get("open_kind") || "event"};
}

class App {
  constructor(api) {
    this.api = api;
    const state = readUrl();
    this.filters = state.filters;
    this.bucket = state.bucket;
    this.form = document.getElementById("filters");
    this.viewer = new EvidenceViewer(document.getElementById("viewer"), api, {
      onClose: () => this.select(null), filters: () => this.filters});
    this.map = new WorldMap(document.getElementById("map"), api, {
      onSelect: (id) => this.select(this.kind(), id),
      onPoint: (lat, lon) => this.select("place", `${lat},${lon}`),
    });
    this.timeline = new Timeline(document.getElementById("timeline"), {
      onBrush: (since, until) => this.setFilters({since, until}),
      onBucket: (b) => { this.bucket = b; this.writeUrl(); this.refreshTimeline(); },
    });
    this.timeline.bucketSelect.value = this.bucket;
    this.table = new EventTable(document.getElementById("table"), api, {
      onSelect: (kind, id) => this.select(kind, id),
      onSort: (sort, desc) => { this.sort = sort; this.desc = desc; this.writeUrl(); },
    });
    this.sort = state.sort;
    this.desc = state.desc;
    this.table.setSort(state.sort, state.desc);
    this.opened = state.open ? {kind: state.openKind, id: state.open} : null;
    this.bindForm();
    window.addEventListener("popstate", () => {
      const s = readUrl();
      this.filters = s.filters;
      this.fillForm();
      this.refresh();
    });
  }

  kind() { return this.filters.view === "incidents" ? "incident" : "event"; }

  async start() {
    const [borders] = await Promise.all([this.api.borders(), this.loadFacets()]);
    this.map.setBorders(borders);
    const src = document.getElementById("borders-source");
    if (src) src.textContent = borders.source ? "Borders: " + borders.source : "Borders unavailable (install pyogrio)";
    this.fillForm();
    this.refresh();
    if (this.opened) this.select(this.opened.kind, this.opened.id);
    document.body.dataset.ready = "1";
  }

  async loadFacets() {
    this.facets = await this.api.facets(this.filters);
    const c = this.facets.counts;
    document.getElementById("counts").textContent =
      `${fmtNum(c.events)} events \u00b7 ${fmtNum(c.incidents)} merged incidents \u00b7 ${fmtNum(c.articles)} articles`;
    const country = this.form.elements.country;
    clear(country).append(el("option", {value: ""}, "all countries"));
    for (const x of this.facets.countries) {
      country.append(el("option", {value: x.code}, `${x.name} (${x.code}) \u00b7 ${fmtNum(x.n)}`));
    }
    const types = this.form.elements.event_type;
    clear(types).append(el("option", {value: ""}, "all event types"));
    const byType = new Map();
    for (const t of this.facets.types) byType.set(t.event_type, (byType.get(t.event_type) || 0) + t.n);
    for (const [t, n] of byType) types.append(el("option", {value: t}, `${t} \u00b7 ${fmtNum(n)}`));
  }

  fillSubtypes() {
    const sub = this.form.elements.sub_event_type;
    const current = this.filters.sub_event_type || "";
    clear(sub).append(el("option", {value: ""}, "all sub-types"));
    for (const t of this.facets.types) {
      if (this.filters.event_type && t.event_type !== this.filters.event_type) continue;
      if (!t.sub_event_type) continue;
      sub.append(el("option", {value: t.sub_event_type}, `${t.sub_event_type} \u00b7 ${fmtNum(t.n)}`));
    }
    sub.value = current;
  }

  fillForm() {
    for (const key of FILTER_KEYS) {
      const input = this.form.elements[key];
      if (!input || input instanceof RadioNodeList) continue;
      input.value = this.filters[key] || "";
    }
    for (const radio of this.form.querySelectorAll("input[name=view]")) {
      radio.checked = (radio.value === "incidents") === (this.filters.view === "incidents");
    }
    this.fillSubtypes();
  }

  bindForm() {
    const fromForm = () => {
      const f = {};
      for (const key of FILTER_KEYS) {
        if (key === "view") continue;
        const input = this.form.elements[key];
        if (input && input.value.trim()) f[key] = input.value.trim();
      }
      const view = this.form.querySelector("input[name=view]:checked");
      if (view && view.value === "incidents") f.view = "incidents";
      return f;
    };
    const apply = () => {
      const next = fromForm();
      const viewChanged = (next.view || "") !== (this.filters.view || "");
      if (next.event_type !== this.filters.event_type) delete next.sub_event_type;
      this.filters = next;
      this.fillSubtypes();
      if (viewChanged) { this.select(null); this.loadFacets().then(() => { this.fillForm(); this.changed(); }); }
      else this.changed();
    };
    const typed = debounce(apply, 300);
    this.form.addEventListener("change", apply);
    this.form.addEventListener("input", (e) => { if (e.target.matches("input[type=search], input[type=text], input[type=number]")) typed(); });
    this.form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
    document.getElementById("reset").addEventListener("click", () => {
      this.filters = this.filters.view ? {view: this.filters.view} : {};
      this.fillForm();
      this.changed();
    });
  }

  setFilters(patch) {
    this.filters = {...this.filters, ...patch};
    for (const [k, v] of Object.entries(patch)) if (v === null || v === undefined || v === "") delete this.filters[k];
    this.fillForm();
    this.changed();
  }

  changed() {
    this.writeUrl(true);
    this.refresh();
  }

  writeUrl(push = false) {
    const p = new URLSearchParams();
    for (const key of FILTER_KEYS) if (this.filters[key]) p.set(key, this.filters[key]);
    if (this.sort && this.sort !== "event_date") p.set("sort", this.sort);
    if (this.desc) p.set("desc", "1");
    if (this.bucket && this.bucket !== "auto") p.set("bucket", this.bucket);
    if (this.opened) { p.set("open", this.opened.id); if (this.opened.kind !== "event") p.set("open_kind", this.opened.kind); }
    const url = location.pathname + (p.toString() ? "?" + p.toString() : "");
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }

  refreshTimeline() {
    const f = {...this.filters};
    delete f.since;
    delete f.until;
    return this.api.timeline(f, this.bucket).then((data) =>
      this.timeline.draw(data, {since: this.filters.since, until: this.filters.until}));
  }

  refresh() {
    this.map.update(this.filters);
    this.refreshTimeline();
    this.table.update(this.filters);
    for (const fmt of ["csv", "geojson"]) {
      const a = document.getElementById("download-" + fmt);
      if (!a) continue;
      const url = this.api.downloads ? this.api.exportUrl(fmt, this.filters) : null;
      if (url) { a.href = url; a.hidden = false; } else { a.hidden = true; }
    }
  }

  select(kind, id) {
    this.opened = id ? {kind, id} : null;
    this.writeUrl();
    if (id) this.viewer.show(kind, id); else this.viewer.hide();
    document.body.classList.toggle("viewer-open", !!id);
  }
}

const embedded = document.getElementById("strife-data");
const api = embedded ? new StaticApi(JSON.parse(embedded.textContent)) : new HttpApi("");
const app = new App(api);
window.strifeApp = app;
app.start().catch((err) => {
  document.body.dataset.error = err.message;
  const box = document.getElementById("fatal");
  if (box) { box.hidden = false; box.textContent = "Could not load: " + err.message; }
});
