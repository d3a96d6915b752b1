import "./styles.css";
import { adminToken, ApiFailure } from "./api.js";
import type { Cleanup, Page } from "./page.js";
import { h, notice } from "./ui/dom.js";
import { renderRunBar } from "./ui/run-bar.js";

interface Route {
  readonly pattern: RegExp;
  readonly keys: readonly string[];
  readonly load: () => Promise<Page>;
}

const routes: Route[] = [
  { pattern: /^\/?$/, keys: [], load: () => import("./pages/experiments.js").then((m) => m.experimentsPage) },
  { pattern: /^\/e\/([^/]+)$/, keys: ["id"], load: () => import("./pages/dashboard.js").then((m) => m.dashboardPage) },
  { pattern: /^\/e\/([^/]+)\/feed$/, keys: ["id"], load: () => import("./pages/feed.js").then((m) => m.feedPage) },
  { pattern: /^\/e\/([^/]+)\/post\/([^/]+)$/, keys: ["id", "post"], load: () => import("./pages/feed.js").then((m) => m.threadPage) },
  { pattern: /^\/e\/([^/]+)\/agent\/([^/]+)$/, keys: ["id", "agent"], load: () => import("./pages/agent.js").then((m) => m.agentPage) },
  { pattern: /^\/e\/([^/]+)\/influence$/, keys: ["id"], load: () => import("./pages/influence.js").then((m) => m.influencePage) },
  { pattern: /^\/e\/([^/]+)\/metrics$/, keys: ["id"], load: () => import("./pages/metrics.js").then((m) => m.metricsPage) },
  { pattern: /^\/compare$/, keys: [], load: () => import("./pages/compare.js").then((m) => m.comparePage) },
];

let cleanup: Cleanup | null = null;
/** Which navigation is current: a page that finishes loading after the user moved on is stopped. */
let navigation = 0;

function experimentNav(id: string | undefined): HTMLElement {
  const nav = h("span", { class: "links" }, h("a", { href: "#/" }, "Experiments"), h("a", { href: "#/compare" }, "Compare"));
  if (id) {
    nav.append(
      h("span", { class: "sep" }, "/"),
      h("a", { href: `#/e/${id}` }, "Live"),
      h("a", { href: `#/e/${id}/feed` }, "Feed"),
      h("a", { href: `#/e/${id}/influence` }, "Influence"),
      h("a", { href: `#/e/${id}/metrics` }, "Metrics"),
    );
  }
  return nav;
}

async function navigate(): Promise<void> {
  const current = ++navigation;
  cleanup?.();
  cleanup = null;
  notice(null);
  const root = document.getElementById("app");
  const nav = document.getElementById("nav");
  if (!root || !nav) return;
  const [path = "/", search = ""] = location.hash.replace(/^#/, "").split("?");
  const route = routes.find((r) => r.pattern.test(path));
  const match = route?.pattern.exec(path);
  const params: Record<string, string> = Object.fromEntries(new URLSearchParams(search));
  route?.keys.forEach((key, i) => (params[key] = decodeURIComponent(match?.[i + 1] ?? "")));
  nav.replaceChildren(experimentNav(params["id"]));
  for (const a of nav.querySelectorAll("a")) a.classList.toggle("active", a.getAttribute("href") === `#${path}`);
  root.replaceChildren(h("p", { class: "loading" }, "Loading..."));
  const bar = document.getElementById("run-bar");
  if (bar) void renderRunBar(bar, params["id"], () => current === navigation);
  if (!route) {
    root.replaceChildren(h("h1", {}, "Not found"), h("p", {}, "No page here. "), h("a", { href: "#/" }, "Back to the experiments"));
    return;
  }
  try {
    const page = await route.load();
    if (current !== navigation) return;
    root.replaceChildren();
    const stop = (await page(root, params)) ?? null;
    if (current !== navigation) stop?.();
    else cleanup = stop;
  } catch (error) {
    root.replaceChildren();
    const message =
      error instanceof ApiFailure
        ? `${error.message}${error.hint ? ` - ${error.hint}` : ""}`
        : error instanceof Error
          ? error.message
          : String(error);
    notice(
      error instanceof ApiFailure && error.status === 401 ? "Open the link murmur serve printed (it carries the admin token)." : message,
    );
  }
}

adminToken();
window.addEventListener("hashchange", () => void navigate());
void navigate();
