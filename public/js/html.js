// The one way markup is made from data on these pages: the `html` tag escapes every value it is given unless
// that value is itself `html` (or a list of them), and `render` is the only place that assigns innerHTML.
// A stored title such as `<img src=x onerror=…>` therefore always arrives as text. scripts/e2e/test_security.py
// checks that no other file assigns innerHTML.

class Markup {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

export function escape(value) {
  return String(value ?? "").replace(/[&<>"'`]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" })[c]);
}

function piece(value) {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(piece).join("");
  return escape(value);
}

export function html(strings, ...values) {
  return new Markup(strings.reduce((out, text, i) => out + text + (i < values.length ? piece(values[i]) : ""), ""));
}

export function render(element, markup) {
  if (!(markup instanceof Markup)) throw new TypeError("render takes html`…` markup only");
  element.innerHTML = markup.text;
}
