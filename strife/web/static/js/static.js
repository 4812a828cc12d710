// The data source of a `strife report` file: the same questions as the server's API,
// answered from the records embedded in the page (no network at all).
const SORT_KEYS = new Set(["event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
  "country", "fatalities", "confidence", "injured", "country_code", "n_sources"]);
const MS_PER_DAY = 86400000;

function lower(v) { return v === null || v === undefined ? "" : String(v).toLowerCase(); }

function weekStart(iso) {
  const t = Date.parse(iso + "T00:00:00Z");
  const dow = (new Date(t).getUTCDay() + 6) % 7;  // Monday = 0
  return new Date(t - dow * MS_PER_DAY).toISOString().slice(0, 10);
}

export class StaticApi {
  constructor(data) {
    this.data = data;
    this.downloads = false;
    this.eventRows = data.events || [];
    this.incidentRows = data.incidents || [];
    this.articles = data.articles || {};
    this.byIncident = new Map();
    this.incidentsOfEvent = new Map();
    for (const s of data.sources || []) {
      if (!this.byIncident.has(s.incident_id)) this.byIncident.set(s.incident_id, []);
      this.byIncident.get(s.incident_id).push(s);
      if (!this.incidentsOfEvent.has(s.event_id)) this.incidentsOfEvent.set(s.event_id, []);
      this.incidentsOfEvent.get(s.event_id).push(s.incident_id);
    }
  }

  rows(filters) {
    const merged = filters.view === "incidents";
    const list = merged ? this.incidentRows : this.eventRows;
    const q = lower(filters.q), actor = lower(filters.actor), country = lower(filters.country);
    const minF = filters.min_fatalities ? Number(filters.min_fatalities) : 0;
    const at = filters.at ? String(filters.at).split(",").map(Number) : null;
    const textHas = (aid) => {
      const a = this.articles[aid];
      return !!a && (lower(a.text).includes(q) || lower(a.title).includes(q));
    };
    return list.filter((r) => {
      if (filters.since && !(r.event_date && r.event_date >= filters.since)) return false;
      if (filters.until && !(r.event_date && r.event_date <= filters.until)) return false;
      if (country && lower(r.country_code) !== country && lower(r.country) !== country) return false;
      if (filters.event_type && r.event_type !== filters.event_type) return false;
      if (filters.sub_event_type && r.sub_event_type !== filters.sub_event_type) return false;
      if (actor && ![r.actor1, r.actor2, r.assoc_actor_1, r.assoc_actor_2].some((a) => lower(a).includes(actor))) return false;
      if (minF && !((r.fatalities || 0) >= minF)) return false;
      if (at && !(r.latitude !== null && r.longitude !== null && Math.abs(r.latitude - at[0]) <= 1e-5 &&
          Math.abs(r.longitude - at[1]) <= 1e-5)) return false;
      if (q && !lower(r.notes).includes(q)) {
        const ids = merged ? (r.article_ids || []) : [r.article_id];
        if (!ids.some(textHas)) return false;
      }
      return true;
    });
  }

  async facets(filters) {
    const list = filters.view === "incidents" ? this.incidentRows : this.eventRows;
    const countries = new Map(), types = new Map();
    let lo = null, hi = null;
    for (const r of list) {
      if (r.country_code) {
        const c = countries.get(r.country_code) || {code: r.country_code, name: r.country || r.country_code, n: 0};
        c.n += 1;
        countries.set(r.country_code, c);
      }
      if (r.event_type) {
        const key = r.event_type + "\u0000" + (r.sub_event_type || "");
        const t = types.get(key) || {event_type: r.event_type, sub_event_type: r.sub_event_type, n: 0};
        t.n += 1;
        types.set(key, t);
      }
      if (r.event_date) { if (!lo || r.event_date < lo) lo = r.event_date; if (!hi || r.event_date > hi) hi = r.event_date; }
    }
    const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const byType = (a, b) => (a.event_type + (a.sub_event_type || "") < b.event_type + (b.sub_event_type || "") ? -1 : 1);
    return {total: list.length, min_date: lo, max_date: hi, countries: [...countries.values()].sort(byName),
      types: [...types.values()].sort(byType), event_types: this.data.event_types,
      counts: {events: this.eventRows.length, incidents: this.incidentRows.length, articles: Object.keys(this.articles).length}};
  }

  async borders() { return this.data.borders || {countries: [], source: null}; }

  async clusters(filters, cell, bbox) {
    const cells = new Map();
    let unplaced = 0, placed = 0;
    for (const r of this.rows(filters)) {
      if (r.latitude === null || r.latitude === undefined || r.longitude === null || r.longitude === undefined) { unplaced++; continue; }
      placed++;
      if (bbox) {
        const [w, s, e, n] = bbox;
        if (r.latitude < s || r.latitude > n) continue;
        if (w <= e && (r.longitude < w || r.longitude > e)) continue;
      }
      const key = Math.trunc((r.latitude + 90) / cell) + ":" + Math.trunc((r.longitude + 180) / cell);
      const c = cells.get(key) || {n: 0, lat: 0, lon: 0, fatalities: 0, types: {}, id: null,
        box: [r.latitude, r.latitude, r.longitude, r.longitude]};
      c.box = [Math.min(c.box[0], r.latitude), Math.max(c.box[1], r.latitude),
        Math.min(c.box[2], r.longitude), Math.max(c.box[3], r.longitude)];
      c.n += 1; c.lat += r.latitude; c.lon += r.longitude; c.fatalities += r.fatalities || 0;
      const t = r.event_type || "Unknown";
      c.types[t] = (c.types[t] || 0) + 1;
      c.id = r.incident_id || r.event_id;
      cells.set(key, c);
    }
    const clusters = [...cells.values()].map((c) => {
      const type = Object.entries(c.types).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))[0][0];
      const point = c.n > 1 && c.box[1] - c.box[0] < 1e-5 && c.box[3] - c.box[2] < 1e-5;
      return {n: c.n, lat: Number((c.lat / c.n).toFixed(5)), lon: Number((c.lon / c.n).toFixed(5)),
        fatalities: c.fatalities, type, types: c.types, id: c.n === 1 ? c.id : null, point};
    });
    return {clusters, truncated: false, placed, unplaced, cell};
  }

  async timeline(filters, bucket) {
    const rows = this.rows(filters);
    const dated = rows.filter((r) => r.event_date).map((r) => r.event_date).sort();
    const lo = dated[0] || null, hi = dated[dated.length - 1] || null;
    if (bucket !== "day" && bucket !== "week") {
      bucket = lo && (Date.parse(hi) - Date.parse(lo)) / MS_PER_DAY <= 120 ? "day" : "week";
    }
    const buckets = new Map();
    for (const r of rows) {
      if (!r.event_date) continue;
      const b = bucket === "day" ? r.event_date : weekStart(r.event_date);
      const t = r.event_type || "Unknown";
      const types = buckets.get(b) || {};
      types[t] = (types[t] || 0) + 1;
      buckets.set(b, types);
    }
    return {bucket, min_date: lo, max_date: hi, undated: rows.length - dated.length,
      buckets: [...buckets.keys()].sort().map((d) => {
        const types = buckets.get(d);
        return {date: d, types, n: Object.values(types).reduce((a, b) => a + b, 0)};
      })};
  }

  async events(filters, opts) {
    const merged = filters.view === "incidents";
    const sort = SORT_KEYS.has(opts.sort) ? opts.sort : "event_date";
    const key = merged ? "incident_id" : "event_id";
    const rows = this.rows(filters).slice().sort((a, b) => {
      const x = a[sort], y = b[sort];
      const xn = x === null || x === undefined, yn = y === null || y === undefined;
      if (xn !== yn) return xn ? 1 : -1;
      if (!xn && x !== y) return (x < y ? -1 : 1) * (opts.desc ? -1 : 1);
      return a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
    });
    const size = opts.size || 50, page = Math.max(1, opts.page || 1);
    return {total: rows.length, page, size, sort, desc: !!opts.desc, kind: merged ? "incident" : "event",
      rows: rows.slice((page - 1) * size, page * size).map((r) => ({...r, id: r[key]}))};
  }

  async event(id) {
    const r = this.eventRows.find((e) => e.event_id === id);
    if (!r) throw new Error("no event " + id + " in this report");
    const record = {...r};
    delete record.evidence;
    const art = this.articles[r.article_id] || null;
    return {kind: "event", record, evidence: r.evidence || [], article: art,
      incidents: this.incidentsOfEvent.get(id) || []};
  }

  async incident(id) {
    const r = this.incidentRows.find((e) => e.incident_id === id);
    if (!r) throw new Error("no incident " + id + " in this report");
    const record = {...r};
    delete record.event_ids;
    delete record.article_ids;
    const sources = (this.byIncident.get(id) || []).map((s) => {
      const a = this.articles[s.article_id] || {};
      return {...s, title: a.title || null, url: a.url || null, published: a.published || null,
        independent: s.original_id === s.article_id};
    });
    return {kind: "incident", record, sources, reconciliation: this.data.reconciliation,
      numbers: (this.data.numbers || {})[id] || {}};
  }

  exportUrl() { return null; }
}
