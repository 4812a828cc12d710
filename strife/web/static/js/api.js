// The app's data source: the local server's JSON API (same origin only).
export const FILTER_KEYS = ["since", "until", "country", "event_type", "sub_event_type", "actor",
  "min_fatalities", "q", "view", "at"];

export function filterParams(filters, extra = {}) {
  const p = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = filters[key];
    if (v !== undefined && v !== null && v !== "") p.set(key, String(v));
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  }
  return p;
}

export class HttpApi {
  constructor(base = "") {
    this.base = base;
    this.downloads = true;
  }

  async get(path, params) {
    const qs = params ? "?" + params.toString() : "";
    const res = await fetch(this.base + path + qs, {credentials: "same-origin"});
    const body = await res.json();
    if (!res.ok) throw new Error(body.error || res.statusText);
    return body;
  }

  facets(filters) { return this.get("/api/facets", filterParams({view: filters.view})); }
  borders() { return this.get("/api/borders"); }
  clusters(filters, cell, bbox) {
    return this.get("/api/clusters", filterParams(filters, {cell, bbox: bbox ? bbox.join(",") : ""}));
  }
  timeline(filters, bucket) { return this.get("/api/timeline", filterParams(filters, {bucket})); }
  events(filters, opts) {
    return this.get("/api/events", filterParams(filters, {
      sort: opts.sort, desc: opts.desc ? "1" : "", page: opts.page, size: opts.size}));
  }
  event(id) { return this.get("/api/event/" + encodeURIComponent(id)); }
  incident(id) { return this.get("/api/incident/" + encodeURIComponent(id)); }
  exportUrl(fmt, filters) { return this.base + "/api/export." + fmt + "?" + filterParams(filters).toString(); }
}
