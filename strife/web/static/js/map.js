// The world map: Natural Earth borders as SVG paths in a Web Mercator projection, events as
// circles clustered on a grid by the server (cell size follows the zoom), colour = event type,
// size = fatalities. Pan with drag, zoom with the wheel or the +/- buttons.
import {el, svgEl, clear, typeColor, fmtNum, debounce, TYPE_COLORS} from "./util.js";

const MAX_LAT = 85;
const MIN_LAT = -62;
const CELL_PX = 44;

export function project(lon, lat) {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const y = Math.log(Math.tan(Math.PI / 4 + clamped * Math.PI / 360)) * 180 / Math.PI;
  return [lon, -y];
}

export function unprojectY(y) {
  return (2 * Math.atan(Math.exp(-y * Math.PI / 180)) - Math.PI / 2) * 180 / Math.PI;
}

const TOP = project(0, MAX_LAT)[1];
const BOTTOM = project(0, MIN_LAT)[1];

export class WorldMap {
  constructor(container, api, {onSelect, onPoint}) {
    this.container = container;
    this.api = api;
    this.onSelect = onSelect;
    this.onPoint = onPoint;
    this.filters = {};
    this.request = 0;
    this.svg = svgEl("svg", {class: "map-svg", role: "img", "aria-label": "Map of events"});
    this.bordersLayer = svgEl("g", {class: "borders"});
    this.markersLayer = svgEl("g", {class: "markers"});
    this.svg.append(svgEl("rect", {class: "sea", x: -540, y: -540, width: 1080, height: 1080}),
      this.bordersLayer, this.markersLayer);
    this.legend = el("div", {class: "legend", "aria-label": "Legend"});
    this.status = el("div", {class: "map-status", role: "status"});
    const zoomIn = el("button", {type: "button", class: "zoom-in", title: "Zoom in"}, "+");
    const zoomOut = el("button", {type: "button", class: "zoom-out", title: "Zoom out"}, "\u2212");
    const reset = el("button", {type: "button", class: "zoom-reset", title: "Whole world"}, "\u25a1");
    zoomIn.addEventListener("click", () => this.zoomBy(2));
    zoomOut.addEventListener("click", () => this.zoomBy(0.5));
    reset.addEventListener("click", () => this.resetView());
    this.container.append(this.svg, el("div", {class: "zoom-buttons"}, zoomIn, zoomOut, reset),
      this.legend, this.status);
    this.view = null;
    this.reload = debounce(() => this.loadClusters(), 120);
    this.bindPanZoom();
    new ResizeObserver(() => this.fit()).observe(this.container);
  }

  size() {
    const r = this.svg.getBoundingClientRect();
    return [Math.max(r.width, 100), Math.max(r.height, 100)];
  }

  resetView() {
    const [W, H] = this.size();
    let w = 360, h = w * H / W;
    if (h < BOTTOM - TOP) { h = BOTTOM - TOP; w = h * W / H; }
    this.view = {x: -w / 2, y: (TOP + BOTTOM) / 2 - h / 2, w, h};
    this.world = true;
    this.apply();
  }

  fit() {
    if (!this.view || this.world) { this.resetView(); return; }
    const [W, H] = this.size();
    const cx = this.view.x + this.view.w / 2, cy = this.view.y + this.view.h / 2;
    this.view.h = this.view.w * H / W;
    this.view.x = cx - this.view.w / 2;
    this.view.y = cy - this.view.h / 2;
    this.apply();
  }

  apply(user = false) {
    if (user) this.world = false;
    const v = this.view;
    this.svg.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`);
    this.reload();
  }

  zoomBy(factor, cx, cy) {
    const v = this.view;
    const w = Math.min(720, Math.max(0.05, v.w / factor));
    const k = w / v.w;
    if (cx === undefined) { cx = v.x + v.w / 2; cy = v.y + v.h / 2; }
    this.view = {x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k, w, h: v.h * k};
    this.apply(true);
  }

  centerOn(lon, lat, factor) {
    const [x, y] = project(lon, lat);
    const v = this.view;
    const w = Math.max(0.05, v.w / factor), h = v.h * w / v.w;
    this.view = {x: x - w / 2, y: y - h / 2, w, h};
    this.apply(true);
  }

  toUser(clientX, clientY) {
    const r = this.svg.getBoundingClientRect();
    return [this.view.x + (clientX - r.left) / r.width * this.view.w,
            this.view.y + (clientY - r.top) / r.height * this.view.h];
  }

  bindPanZoom() {
    this.svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const [x, y] = this.toUser(e.clientX, e.clientY);
      this.zoomBy(e.deltaY < 0 ? 1.5 : 1 / 1.5, x, y);
    }, {passive: false});
    let drag = null;
    this.svg.addEventListener("pointerdown", (e) => {
      if (e.target.closest && e.target.closest(".marker")) return;
      drag = {x: e.clientX, y: e.clientY, view: {...this.view}, moved: false};
      this.svg.setPointerCapture(e.pointerId);
    });
    this.svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const r = this.svg.getBoundingClientRect();
      const dx = (e.clientX - drag.x) / r.width * drag.view.w;
      const dy = (e.clientY - drag.y) / r.height * drag.view.h;
      if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 2) drag.moved = true;
      this.view = {...drag.view, x: drag.view.x - dx, y: drag.view.y - dy};
      this.svg.setAttribute("viewBox", `${this.view.x} ${this.view.y} ${this.view.w} ${this.view.h}`);
    });
    const end = () => { if (drag && drag.moved) this.apply(true); drag = null; };
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointercancel", end);
  }

  setBorders(data) {
    clear(this.bordersLayer);
    for (const country of data.countries || []) {
      const parts = [];
      for (const ring of country.rings) {
        let d = "";
        ring.forEach(([lon, lat], i) => {
          const [x, y] = project(lon, lat);
          d += (i ? "L" : "M") + x.toFixed(2) + " " + y.toFixed(2);
        });
        parts.push(d + "Z");
      }
      const path = svgEl("path", {class: "country", d: parts.join(""), "vector-effect": "non-scaling-stroke",
        dataset: {iso: country.iso_a3}});
      path.append(svgEl("title", {text: country.name}));
      this.bordersLayer.append(path);
    }
    this.bordersSource = data.source;
  }

  update(filters) {
    this.filters = filters;
    if (!this.view) this.resetView(); else this.loadClusters();
  }

  bbox() {
    const v = this.view;
    const pad = 0.1;
    const west = Math.max(-180, v.x - v.w * pad), east = Math.min(180, v.x + v.w * (1 + pad));
    const north = Math.min(90, unprojectY(v.y - v.h * pad));
    const south = Math.max(-90, unprojectY(v.y + v.h * (1 + pad)));
    if (v.w >= 300) return null;
    return [west, south, east, north].map((n) => Number(n.toFixed(4)));
  }

  async loadClusters() {
    const [W] = this.size();
    const cell = Math.min(90, Math.max(0.0001, this.view.w / (W / CELL_PX)));
    const id = ++this.request;
    this.container.dataset.loading = "1";
    let data;
    try {
      data = await this.api.clusters(this.filters, Number(cell.toPrecision(3)), this.bbox());
    } catch (err) {
      this.status.textContent = "Map: " + err.message;
      this.container.dataset.error = err.message;
      delete this.container.dataset.loading;
      return;
    }
    if (id !== this.request) return;
    this.drawMarkers(data);
    delete this.container.dataset.loading;
  }

  drawMarkers(data) {
    clear(this.markersLayer);
    const [W] = this.size();
    const unit = this.view.w / W;  // user units per screen pixel
    const present = new Set();
    for (const c of data.clusters) {
      for (const t of Object.keys(c.types)) present.add(t);
      const [x, y] = project(c.lon, c.lat);
      // Radius in pixels: grows with the log of fatalities; a cluster is at least big enough for its count.
      const byFatalities = 5 + 2.2 * Math.log2(1 + (c.fatalities || 0));
      const rpx = Math.min(21, c.n > 1 ? Math.max(byFatalities, 8 + 1.5 * Math.log2(c.n)) : byFatalities);
      const g = svgEl("g", {class: c.n > 1 ? "marker cluster" : "marker", tabindex: 0,
        dataset: {count: c.n, type: c.type, fatalities: c.fatalities, id: c.id || "", point: c.point ? "1" : ""}});
      g.append(svgEl("circle", {cx: x, cy: y, r: rpx * unit, fill: typeColor(c.type),
        "vector-effect": "non-scaling-stroke"}));
      if (c.n > 1) {
        g.append(svgEl("text", {x, y, dy: "0.35em", "font-size": 11 * unit, "text-anchor": "middle",
          text: c.n > 999 ? Math.round(c.n / 1000) + "k" : c.n}));
      }
      const kinds = Object.entries(c.types).map(([t, n]) => `${t}: ${n}`).join("\n");
      g.append(svgEl("title", {text: `${fmtNum(c.n)} ${c.n === 1 ? "record" : "records"}, ` +
        `${fmtNum(c.fatalities)} fatalities\n${kinds}`}));
      const activate = () => {
        if (c.n === 1 && c.id) this.onSelect(c.id);
        else if (c.point) this.onPoint(c.lat, c.lon);  // all at one place: list them
        else this.centerOn(c.lon, c.lat, 3);
      };
      g.addEventListener("click", activate);
      g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); activate(); } });
      this.markersLayer.append(g);
    }
    this.drawLegend(present, data);
  }

  drawLegend(present, data) {
    clear(this.legend);
    const list = el("ul");
    for (const [type, color] of Object.entries(TYPE_COLORS)) {
      const sw = el("span", {class: "swatch"});
      sw.style.background = color;
      list.append(el("li", {class: present.has(type) ? "" : "absent"}, sw, type));
    }
    this.legend.append(el("div", {class: "legend-title"}, "Event type (colour) \u00b7 fatalities (size)"), list);
    const note = el("div", {class: "unplaced", dataset: {unplaced: data.unplaced, placed: data.placed}},
      `${fmtNum(data.placed)} on the map \u00b7 ${fmtNum(data.unplaced)} without coordinates (not shown)`);
    this.legend.append(note);
    if (data.truncated) this.legend.append(el("div", {class: "warn"}, "Too many clusters: zoom in to see all."));
    this.status.textContent = "";
  }
}
