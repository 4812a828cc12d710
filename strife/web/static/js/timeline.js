// Events per day or week, stacked by event type. Drag across it (a brush) to set the date
// filter; a click on a bar selects that bar's day or week; "clear" removes the date filter.
import {el, svgEl, clear, typeColor, fmtNum, TYPE_COLORS} from "./util.js";

const DAY = 86400000;
const HEIGHT = 110;
const PAD = {left: 34, right: 8, top: 8, bottom: 20};

function toTime(iso) { return Date.parse(iso + "T00:00:00Z"); }
export function toIso(t) { return new Date(t).toISOString().slice(0, 10); }

export class Timeline {
  constructor(container, {onBrush, onBucket}) {
    this.container = container;
    this.onBrush = onBrush;
    this.svg = svgEl("svg", {class: "timeline-svg", height: HEIGHT, role: "img", "aria-label": "Events over time"});
    this.info = el("span", {class: "timeline-info"});
    this.bucketSelect = el("select", {class: "bucket", "aria-label": "Bar width"},
      el("option", {value: "auto"}, "auto"), el("option", {value: "day"}, "per day"),
      el("option", {value: "week"}, "per week"));
    this.bucketSelect.addEventListener("change", () => onBucket(this.bucketSelect.value));
    const clearBtn = el("button", {type: "button", class: "clear-dates"}, "clear dates");
    clearBtn.addEventListener("click", () => this.onBrush(null, null));
    container.append(el("div", {class: "timeline-head"}, el("strong", {}, "Timeline"), this.bucketSelect,
      clearBtn, this.info), this.svg);
    this.bindBrush();
    new ResizeObserver(() => { if (this.data) this.draw(this.data, this.range); }).observe(container);
  }

  draw(data, range) {
    this.data = data;
    this.range = range || {};
    clear(this.svg);
    const W = Math.max(200, this.container.getBoundingClientRect().width);
    this.svg.setAttribute("width", W);
    this.svg.setAttribute("viewBox", `0 0 ${W} ${HEIGHT}`);
    const step = data.bucket === "day" ? DAY : 7 * DAY;
    const info = `${fmtNum(data.buckets.reduce((s, b) => s + b.n, 0))} dated` +
      (data.undated ? ` \u00b7 ${fmtNum(data.undated)} undated (not shown)` : "") + ` \u00b7 per ${data.bucket}`;
    this.info.textContent = info;
    if (!data.buckets.length) { this.scale = null; return; }
    const t0 = toTime(data.buckets[0].date), t1 = toTime(data.buckets[data.buckets.length - 1].date) + step;
    const innerW = W - PAD.left - PAD.right, innerH = HEIGHT - PAD.top - PAD.bottom;
    const x = (t) => PAD.left + (t - t0) / (t1 - t0) * innerW;
    this.scale = {t0, t1, x, step, toT: (px) => t0 + (px - PAD.left) / innerW * (t1 - t0)};
    const maxN = Math.max(...data.buckets.map((b) => b.n));
    const barW = Math.max(1, x(t0 + step) - x(t0) - 1);
    const types = Object.keys(TYPE_COLORS);
    const bars = svgEl("g", {class: "bars"});
    for (const b of data.buckets) {
      const bx = x(toTime(b.date));
      let y = PAD.top + innerH;
      const order = types.concat(Object.keys(b.types).filter((t) => !types.includes(t)));
      for (const t of order) {
        const n = b.types[t];
        if (!n) continue;
        const h = n / maxN * innerH;
        y -= h;
        const rect = svgEl("rect", {x: bx, y, width: barW, height: Math.max(h, 0.5), fill: typeColor(t),
          class: "bar", dataset: {date: b.date, type: t, n}});
        rect.append(svgEl("title", {text: `${b.date} (${data.bucket}): ${t} ${n}`}));
        bars.append(rect);
      }
    }
    const axis = svgEl("g", {class: "axis"});
    axis.append(svgEl("line", {x1: PAD.left, x2: W - PAD.right, y1: PAD.top + innerH, y2: PAD.top + innerH}));
    axis.append(svgEl("text", {x: PAD.left - 4, y: PAD.top + 8, "text-anchor": "end", text: fmtNum(maxN)}));
    axis.append(svgEl("text", {x: PAD.left - 4, y: PAD.top + innerH, "text-anchor": "end", text: "0"}));
    const ticks = 6;
    for (let i = 0; i <= ticks; i++) {
      const t = t0 + (t1 - t0) * i / ticks;
      axis.append(svgEl("text", {x: x(t), y: HEIGHT - 5, "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle",
        text: toIso(t)}));
    }
    this.svg.append(bars, axis);
    if (this.range.since || this.range.until) {
      const a = this.range.since ? Math.max(t0, toTime(this.range.since)) : t0;
      const b = this.range.until ? Math.min(t1, toTime(this.range.until) + DAY) : t1;
      if (b > a) {
        this.svg.append(svgEl("rect", {class: "selection", x: x(a), y: PAD.top, width: Math.max(1, x(b) - x(a)), height: innerH}));
      }
    }
    this.brushRect = svgEl("rect", {class: "brush", x: 0, y: PAD.top, width: 0, height: innerH});
    this.svg.append(this.brushRect);
  }

  bindBrush() {
    let start = null;
    const px = (e) => e.clientX - this.svg.getBoundingClientRect().left;
    this.svg.addEventListener("pointerdown", (e) => {
      if (!this.scale) return;
      start = px(e);
      this.svg.setPointerCapture(e.pointerId);
    });
    this.svg.addEventListener("pointermove", (e) => {
      if (start === null) return;
      const p = px(e);
      this.brushRect.setAttribute("x", Math.min(start, p));
      this.brushRect.setAttribute("width", Math.abs(p - start));
    });
    this.svg.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const p = px(e);
      const s = this.scale;
      let a = s.toT(Math.min(start, p)), b = s.toT(Math.max(start, p));
      start = null;
      // Snap outwards to whole buckets.
      a = s.t0 + Math.floor((a - s.t0) / s.step) * s.step;
      b = s.t0 + Math.ceil((b - s.t0) / s.step) * s.step;
      if (b <= a) b = a + s.step;
      a = Math.max(a, s.t0);
      b = Math.min(b, s.t1);
      this.onBrush(toIso(a), toIso(b - DAY));
    });
  }
}
