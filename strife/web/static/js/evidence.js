// The evidence viewer: an event's record (every field), the cleaned article text with each
// field's evidence span highlighted in its own colour (hover shows the field), the source
// link (http/https only) and, for a merged incident, its sources and how numbers were reconciled.
import {el, clear, fieldColor, fmtValue, plain, safeUrl} from "./util.js";

// Split `text` at every evidence boundary. Returns [{start, end, idx: [evidence indexes]}];
// evidence whose offsets do not point at its text in `text` is left out (and reported).
export function segments(text, evidence) {
  const valid = [];
  evidence.forEach((ev, i) => {
    const s = ev.start, e = ev.end;
    if (Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e >= s && e <= text.length &&
        text.slice(s, e) === ev.text) valid.push(i);
  });
  const marked = valid.filter((i) => evidence[i].end > evidence[i].start);  // empty spans mark nothing
  const cuts = new Set([0, text.length]);
  for (const i of marked) { cuts.add(evidence[i].start); cuts.add(evidence[i].end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const start = points[k], end = points[k + 1];
    const idx = marked.filter((i) => evidence[i].start <= start && evidence[i].end >= end);
    out.push({start, end, idx});
  }
  return {segments: out, located: valid, marked};
}

function fieldTable(record) {
  const tbody = el("tbody");
  for (const [key, value] of Object.entries(record)) {
    tbody.append(el("tr", {}, el("th", {scope: "row"}, key), el("td", {dir: "auto", class: "value"}, fmtValue(value))));
  }
  return el("table", {class: "fields"}, tbody);
}

function sourceLink(url, label) {
  const href = safeUrl(url);
  if (!href) return el("span", {class: "no-link"}, label || "");
  return el("a", {href, rel: "noopener noreferrer nofollow", target: "_blank", class: "source-link"}, label || href);
}

export class EvidenceViewer {
  constructor(container, api, {onClose, filters}) {
    this.container = container;
    this.api = api;
    this.onClose = onClose;
    this.filters = filters;
    this.request = 0;
  }

  async show(kind, id) {
    const req = ++this.request;
    this.container.hidden = false;
    this.container.dataset.loading = "1";
    let data;
    try {
      if (kind === "place") data = await this.placeData(id);
      else data = kind === "incident" ? await this.api.incident(id) : await this.api.event(id);
    } catch (err) {
      clear(this.container).append(this.header("Not found"), el("p", {class: "error"}, err.message));
      return;
    }
    if (req !== this.request) return;
    clear(this.container);
    if (data.kind === "place") this.drawPlace(data);
    else if (data.kind === "incident") this.drawIncident(data);
    else this.drawEvent(data);
    this.container.dataset.kind = data.kind;
    this.container.dataset.id = id;
    delete this.container.dataset.loading;
    this.container.scrollTop = 0;
  }

  hide() {
    this.request++;
    this.container.hidden = true;
    clear(this.container);
  }

  header(title, sub) {
    const close = el("button", {type: "button", class: "close", "aria-label": "Close"}, "\u00d7");
    close.addEventListener("click", () => this.onClose());
    return el("div", {class: "viewer-head"}, el("div", {}, el("h2", {dir: "auto"}, title),
      sub ? el("div", {class: "sub", dir: "auto"}, sub) : null), close);
  }

  drawEvent(data) {
    const r = data.record;
    const art = data.article || {};
    this.container.append(this.header(`${r.sub_event_type || r.event_type || "Event"}`,
      [r.event_date, r.site, r.location, r.country].filter(Boolean).join(" \u00b7 ")));
    const meta = el("div", {class: "source"},
      el("div", {}, "Article: ", el("span", {class: "article-id", dir: "auto"}, art.id || r.article_id)),
      art.title ? el("div", {class: "article-title", dir: "auto"}, plain(art.title)) : null,
      el("div", {}, "Source: ", sourceLink(art.url, art.url || "no web address")),
      art.published ? el("div", {}, "Published: " + art.published) : null);
    this.container.append(meta);
    if (data.incidents && data.incidents.length) {
      const links = data.incidents.map((iid) => {
        const b = el("button", {type: "button", class: "linkish", dataset: {incident: iid}}, iid);
        b.addEventListener("click", () => this.show("incident", iid));
        return b;
      });
      this.container.append(el("div", {class: "incident-of"}, "Merged into incident ", links));
    }
    this.container.append(el("h3", {}, "Article text with evidence"));
    const text = art.text || "";
    const ev = data.evidence || [];
    const {segments: segs, located, marked} = segments(text, ev);
    const legend = el("ul", {class: "field-legend"});
    const seen = new Set();
    for (const i of marked) {
      const f = ev[i].field;
      if (seen.has(f)) continue;
      seen.add(f);
      const sw = el("span", {class: "swatch"});
      sw.style.background = fieldColor(f);
      legend.append(el("li", {}, sw, f));
    }
    const body = el("div", {class: "article-text", dir: "auto"});
    for (const s of segs) {
      const piece = text.slice(s.start, s.end);
      if (!s.idx.length) { body.append(document.createTextNode(piece)); continue; }
      const innermost = s.idx.reduce((a, b) => (ev[b].end - ev[b].start < ev[a].end - ev[a].start ? b : a));
      const fields = [...new Set(s.idx.map((i) => ev[i].field))];
      const mark = el("mark", {class: "evidence", title: fields.join(", "),
        dataset: {idx: s.idx.join(" "), fields: fields.join(" ")}}, piece);
      mark.style.background = fieldColor(ev[innermost].field);
      body.append(mark);
    }
    if (!text) body.append(el("em", {}, "The article text is not in the store."));
    this.container.append(legend, body);
    const missing = ev.length - located.length;
    if (missing) {
      this.container.append(el("p", {class: "warn"}, `${missing} evidence span(s) do not match the stored text and are not highlighted.`));
    }
    this.container.append(el("h3", {}, "Evidence"));
    const list = el("ol", {class: "evidence-list"});
    ev.forEach((e, i) => {
      const sw = el("span", {class: "swatch"});
      sw.style.background = fieldColor(e.field);
      list.append(el("li", {dataset: {idx: i, field: e.field}}, sw, el("strong", {}, e.field), ": ",
        el("q", {dir: "auto"}, e.text), ` [${e.start}\u2013${e.end}]`));
    });
    this.container.append(list, el("h3", {}, "Record"), fieldTable(r));
  }

  async placeData(at) {
    const filters = {...this.filters(), at};
    const page = await this.api.events(filters, {sort: "event_date", desc: false, page: 1, size: 200});
    return {kind: "place", at, page};
  }

  // A marker whose records all sit at one point (zooming in cannot split it): list them.
  drawPlace(data) {
    const rows = data.page.rows;
    const where = rows.length ? [rows[0].location, rows[0].country].filter(Boolean).join(", ") : data.at;
    this.container.append(this.header(`${data.page.total} ${data.page.kind === "incident" ? "incidents" : "events"} at ${where}`, data.at));
    const list = el("ol", {class: "place-list"});
    for (const r of rows) {
      const b = el("button", {type: "button", class: "linkish", dataset: {id: r.id}},
        [r.event_date, r.sub_event_type || r.event_type, r.actor1].filter(Boolean).map(fmtValue).join(" \u00b7 "));
      b.addEventListener("click", () => this.show(data.page.kind, r.id));
      list.append(el("li", {}, b, r.fatalities ? ` (${r.fatalities} killed)` : ""));
    }
    this.container.append(list);
    if (data.page.total > rows.length) this.container.append(el("p", {}, `The first ${rows.length} are listed.`));
  }

  drawIncident(data) {
    const r = data.record;
    this.container.append(this.header(`Incident: ${r.sub_event_type || r.event_type || ""}`,
      [r.event_date, r.site, r.location, r.country].filter(Boolean).join(" \u00b7 ")));
    this.container.append(el("p", {class: "numbers"},
      `Fatalities best ${fmtValue(r.fatalities)} (low ${fmtValue(r.fatalities_low)}, high ${fmtValue(r.fatalities_high)}); ` +
      `injured ${fmtValue(r.injured)}; ${fmtValue(r.n_sources)} independent source(s), ${fmtValue(r.n_articles)} article(s).`));
    this.container.append(el("h3", {}, "Sources"));
    const tbody = el("tbody");
    for (const s of data.sources) {
      const open = el("button", {type: "button", class: "linkish open-event", dataset: {event: s.event_id}}, "evidence");
      open.addEventListener("click", () => this.show("event", s.event_id));
      tbody.append(el("tr", {},
        el("td", {dir: "auto"}, plain(s.title || s.article_id), s.url ? el("div", {}, sourceLink(s.url, s.url)) : null),
        el("td", {}, fmtValue(s.event_date)),
        el("td", {dir: "auto"}, fmtValue(s.location)),
        el("td", {}, [s.fatalities, s.fatalities_low, s.fatalities_high].map(fmtValue).join(" / ")),
        el("td", {}, [s.injured, s.injured_low, s.injured_high].map(fmtValue).join(" / ")),
        el("td", {}, s.independent ? "yes" : "copy of " + s.original_id),
        el("td", {}, open)));
    }
    this.container.append(el("table", {class: "sources"},
      el("thead", {}, el("tr", {}, ["Article", "Date", "Location", "Killed b/l/h",
        "Injured b/l/h", "Indep.", ""].map((h) => el("th", {scope: "col"}, h)))), tbody));
    this.container.append(el("h3", {}, "How the numbers were reconciled"), el("p", {class: "reconcile"}, data.reconciliation));
    const numbers = el("ul", {class: "numbers-reconciled"});
    for (const [name, n] of Object.entries(data.numbers || {})) {
      const reports = Object.entries(n.reports).map(([src, v]) => `${plain(src)}: ${v}`).join("; ");
      numbers.append(el("li", {dataset: {field: name}}, el("strong", {}, name), ` \u2014 independent sources report ${reports} ` +
        `\u2192 best ${fmtValue(n.best)}, low ${fmtValue(n.low)}, high ${fmtValue(n.high)}`));
    }
    if (numbers.childNodes.length) this.container.append(numbers);
    this.container.append(el("h3", {}, "Record"), fieldTable(r));
  }
}
