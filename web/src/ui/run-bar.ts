import { experimentBodySchema } from "../../../core/contracts/experiment-status.js";
import type { ExperimentStatusView } from "../../../core/contracts/experiment-status.js";
import { adminToken, ApiFailure, api } from "../api.js";
import { h, notice } from "./dom.js";

/**
 * Above every page of one run: where a run directory of the library comes from and what its data
 * cannot show (docs/run-library.md), and the download of the run as a run directory - a .tar.gz
 * the local server builds (the same files `murmur run` writes).
 */

/** Fetches the archive with the admin token (a plain link could not carry it) and saves it. */
export async function downloadArchive(id: string, button: HTMLButtonElement): Promise<void> {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = "preparing…";
  try {
    const token = adminToken();
    const response = await fetch(`/api/experiments/${encodeURIComponent(id)}/archive`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok) {
      const body: unknown = await response.json().catch(() => null);
      const message = typeof body === "object" && body !== null && "error" in body ? String(body.error) : `HTTP ${response.status}`;
      const hint = typeof body === "object" && body !== null && "hint" in body ? ` - ${String(body.hint)}` : "";
      throw new ApiFailure(`${message}${hint}`, response.status, null);
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? `${id}.tar.gz`;
    const url = URL.createObjectURL(await response.blob());
    const link = h("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    notice(`Download failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

export function downloadButton(experiment: ExperimentStatusView, label = "download run directory"): HTMLButtonElement {
  const button = h(
    "button",
    { type: "button", "data-action": "download", title: "config, events, telemetry, manifest, summary and report as a .tar.gz" },
    label,
  );
  button.addEventListener("click", () => void downloadArchive(experiment.id, button));
  return button;
}

function sourceCard(experiment: ExperimentStatusView): HTMLElement | null {
  const source = experiment.source;
  if (!source) return null;
  const analysis =
    source.analysis.state === "pending"
      ? "This server is analysing it; the metrics and influence pages open the report when it is done."
      : source.analysis.note;
  return h(
    "div",
    { class: "run-source", "data-testid": "run-source" },
    h("span", { class: "tag" }, source.imported ? "imported log" : "run directory"),
    " read-only, from ",
    h("code", {}, source.path),
    source.limits.length > 0
      ? h("ul", { class: "small", "data-testid": "run-limits" }, ...source.limits.map((limit) => h("li", {}, limit)))
      : null,
    analysis ? h("div", { class: "small muted" }, analysis) : null,
  );
}

/** Fills `bar` for experiment `id` (empties it on other pages); a run it cannot read leaves it empty. */
export async function renderRunBar(bar: HTMLElement, id: string | undefined, isCurrent: () => boolean): Promise<void> {
  bar.replaceChildren();
  bar.hidden = true;
  if (!id) return;
  let experiment: ExperimentStatusView;
  try {
    experiment = (await api(`/api/experiments/${encodeURIComponent(id)}`, experimentBodySchema)).experiment;
  } catch {
    return; // The page itself reports an unknown id.
  }
  if (!isCurrent()) return;
  const card = sourceCard(experiment);
  const actions = experiment.roundsDone > 0 ? h("div", { class: "run-actions" }, downloadButton(experiment)) : null;
  if (!card && !actions) return;
  bar.replaceChildren(...[card, actions].filter((e): e is HTMLElement => e !== null));
  bar.hidden = false;
}
