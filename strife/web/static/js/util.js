// Small DOM helpers. Text is only ever set with textContent: nothing from the store is parsed as HTML.
export const SVG_NS = "http://www.w3.org/2000/svg";

export const TYPE_COLORS = {
  "Battles": "#d62728",
  "Violence against civilians": "#9467bd",
  "Explosions/Remote violence": "#ff7f0e",
  "Riots": "#8c564b",
  "Protests": "#1f77b4",
  "Strategic developments": "#2ca02c",
};

export function typeColor(type) {
  return TYPE_COLORS[type] || "#7f7f7f";
}

const FIELD_PALETTE = ["#ffd54f", "#80deea", "#ef9a9a", "#a5d6a7", "#ce93d8", "#ffab91", "#90caf9",
  "#e6ee9c", "#b0bec5", "#f48fb1", "#bcaaa4", "#80cbc4", "#fff59d", "#b39ddb", "#c5e1a5"];
const FIELD_ORDER = ["event_type", "sub_event_type", "actor1", "actor2", "assoc_actor_1",
  "assoc_actor_2", "location", "event_date", "fatalities", "injured", "displaced", "weapon",
  "attack_type", "target_type", "claimed"];

export function fieldColor(field) {
  const base = String(field || "").split(":")[0];
  let i = FIELD_ORDER.indexOf(base);
  if (i < 0) {
    i = 0;
    for (const ch of base) i = (i * 31 + ch.charCodeAt(0)) >>> 0;
  }
  return FIELD_PALETTE[i % FIELD_PALETTE.length];
}

// el("td", {class: "x", dataset: {id: "1"}}, "text", child) -> element; strings become text nodes.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const child of children) append(node, child);
  return node;
}

export function svgEl(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  for (const child of children) append(node, child);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) throw new Error("use addEventListener");
    else if (key === "style") throw new Error("use node.style (CSP forbids style attributes)");
    else node.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(node, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) { for (const c of child) append(node, c); return; }
  node.append(child instanceof Node ? child : document.createTextNode(String(child)));
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// Only absolute http(s) URLs become links; anything else (javascript:, data:, relative) is text.
export function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url.trim());
    return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
  } catch (e) {
    return null;
  }
}

export function fmtNum(n) {
  return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US");
}

// Bidi embedding/override/isolate controls (U+202A-U+202E, U+2066-U+2069) are dropped from
// short values (titles, table cells, record fields) so that a title cannot display reversed
// or reorder its neighbours. Article text keeps them (evidence offsets point into it) but is
// shown in its own isolated box.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export function plain(s) {
  return String(s).replace(BIDI_CONTROLS, "");
}

export function fmtValue(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return plain(v.join("; "));
  return plain(v);
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
