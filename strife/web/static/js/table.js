// The filtered events (or merged incidents) as a sortable, paged table. Paging and sorting
// happen on the server; a click (or Enter) on a row opens the evidence viewer.
import {el, clear, fmtNum, fmtValue} from "./util.js";

const COLUMNS = [
  ["event_date", "Date"], ["event_type", "Type"], ["sub_event_type", "Sub-type"],
  ["actor1", "Actor 1"], ["actor2", "Actor 2"], ["location", "Location"], ["country", "Country"],
  ["fatalities", "Fatalities"],
];
const PAGE_SIZE = 50;

export class EventTable {
  constructor(container, api, {onSelect, onSort}) {
    this.container = container;
    this.api = api;
    this.onSelect = onSelect;
    this.onSort = onSort;
    this.sort = "event_date";
    this.desc = false;
    this.page = 1;
    this.request = 0;
    this.table = el("table", {class: "events"});
    this.thead = el("thead");
    this.tbody = el("tbody");
    this.table.append(this.thead, this.tbody);
    this.summary = el("span", {class: "page-info", role: "status"});
    this.prev = el("button", {type: "button", class: "prev"}, "\u2190 previous");
    this.next = el("button", {type: "button", class: "next"}, "next \u2192");
    this.prev.addEventListener("click", () => { this.page -= 1; this.load(); });
    this.next.addEventListener("click", () => { this.page += 1; this.load(); });
    container.append(el("div", {class: "table-scroll"}, this.table),
      el("div", {class: "pager"}, this.prev, this.summary, this.next));
  }

  setSort(sort, desc) {
    this.sort = sort || "event_date";
    this.desc = !!desc;
  }

  update(filters) {
    this.filters = filters;
    this.page = 1;
    return this.load();
  }

  columns() {
    return this.filters && this.filters.view === "incidents" ? COLUMNS.concat([["n_sources", "Sources"]]) : COLUMNS;
  }

  drawHead() {
    clear(this.thead);
    const tr = el("tr");
    for (const [key, label] of this.columns()) {
      const active = key === this.sort;
      const th = el("th", {scope: "col", "aria-sort": active ? (this.desc ? "descending" : "ascending") : "none",
        dataset: {key}});
      const btn = el("button", {type: "button", class: "sort"}, label, active ? (this.desc ? " \u25bc" : " \u25b2") : "");
      btn.addEventListener("click", () => {
        if (this.sort === key) this.desc = !this.desc; else { this.sort = key; this.desc = key === "fatalities"; }
        this.page = 1;
        this.onSort(this.sort, this.desc);
        this.load();
      });
      th.append(btn);
      tr.append(th);
    }
    this.thead.append(tr);
  }

  async load() {
    const id = ++this.request;
    this.container.dataset.loading = "1";
    let data;
    try {
      data = await this.api.events(this.filters, {sort: this.sort, desc: this.desc, page: this.page, size: PAGE_SIZE});
    } catch (err) {
      this.summary.textContent = "Table: " + err.message;
      this.container.dataset.error = err.message;
      delete this.container.dataset.loading;
      return;
    }
    if (id !== this.request) return;
    this.drawHead();
    clear(this.tbody);
    for (const row of data.rows) {
      const tr = el("tr", {tabindex: 0, dataset: {id: row.id, kind: data.kind}});
      for (const [key] of this.columns()) {
        const value = fmtValue(row[key]);
        tr.append(el("td", {class: "col-" + key, dir: "auto", title: value}, value));
      }
      const open = () => this.onSelect(data.kind, row.id);
      tr.addEventListener("click", open);
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
      this.tbody.append(tr);
    }
    const first = data.total ? (data.page - 1) * data.size + 1 : 0;
    const last = Math.min(data.total, data.page * data.size);
    this.summary.textContent = `${fmtNum(first)}\u2013${fmtNum(last)} of ${fmtNum(data.total)} ` +
      (data.kind === "incident" ? "incidents" : "events");
    this.summary.dataset.total = data.total;
    this.prev.disabled = data.page <= 1;
    this.next.disabled = last >= data.total;
    delete this.container.dataset.loading;
  }
}
