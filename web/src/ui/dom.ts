/** A tiny element builder: pages are plain DOM, no framework. Text is always set as text. */
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

/** SVG markup from the shared chart factories (they escape every text they embed). */
export function svgBlock(markup: string, className = "chart"): HTMLDivElement {
  const div = document.createElement("div");
  div.className = className;
  div.innerHTML = markup;
  return div;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function formatUsd(n: number): string {
  return `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;
}

export function statusBadge(status: string): HTMLSpanElement {
  return h("span", { class: `status ${status}` }, status);
}

export function progressBar(done: number, total: number): HTMLSpanElement {
  const bar = h("span", { class: "bar", role: "progressbar", "aria-valuenow": done, "aria-valuemax": total });
  bar.appendChild(h("span", { style: `width: ${total > 0 ? Math.min(100, (100 * done) / total).toFixed(1) : 0}%` }));
  return bar;
}

export function notice(message: string | null): void {
  const element = document.getElementById("notice");
  if (!element) return;
  element.hidden = message === null;
  element.textContent = message ?? "";
}
