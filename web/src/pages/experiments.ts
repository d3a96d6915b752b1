import moltbookLike from "../../../experiments/moltbook-like.json";
import { experimentBodySchema, experimentConfigBodySchema, experimentListBodySchema } from "../../../core/contracts/experiment-status.js";
import type { ExperimentStatusView } from "../../../core/contracts/experiment-status.js";
import socialized from "../../../experiments/socialized.json";
import { parseExperimentConfig } from "../../../core/contracts/experiment-config.js";
import { api, control } from "../api.js";
import type { Page } from "../page.js";
import { formatCount, formatUsd, h, notice, progressBar, statusBadge } from "../ui/dom.js";
import { downloadButton } from "../ui/run-bar.js";

const presets: Readonly<Record<string, unknown>> = { "moltbook-like": moltbookLike, socialized };
const listPollMs = 2_000;

function row(experiment: ExperimentStatusView, onFork: (id: string) => void, refresh: () => void): HTMLTableRowElement {
  const act = (verb: "pause" | "resume" | "stop") =>
    h(
      "button",
      {
        "data-action": verb,
        onclick: () => void control(experiment.id, verb).then(refresh, (e: unknown) => notice(e instanceof Error ? e.message : String(e))),
      },
      verb,
    );
  const actions = h("td", { class: "actions" });
  const source = experiment.source;
  // A run directory of the library is read-only: it can be forked (when it has an experiment config) and downloaded.
  if (!source && experiment.status === "running") actions.append(act("pause"), act("stop"));
  if (!source && (experiment.status === "paused" || experiment.status === "failed")) actions.append(act("resume"), act("stop"));
  if (!source?.imported) actions.append(h("button", { "data-action": "fork", onclick: () => onFork(experiment.id) }, "fork"));
  if (experiment.roundsDone > 0) actions.append(downloadButton(experiment, "download"));
  const spend = experiment.llm ? formatUsd(experiment.llm.spendUsd) : "-";
  return h(
    "tr",
    { "data-id": experiment.id, "data-status": experiment.status },
    h(
      "td",
      {},
      h("a", { href: `#/e/${experiment.id}` }, experiment.name),
      source
        ? h("span", { class: "tag", title: source.path, "data-testid": "library-tag" }, source.imported ? "imported log" : "run directory")
        : null,
      h("div", { class: "muted small" }, source ? source.path : experiment.id),
    ),
    h("td", {}, statusBadge(experiment.status), experiment.reason ? h("div", { class: "muted small" }, experiment.reason) : null),
    h(
      "td",
      {},
      progressBar(experiment.roundsDone, experiment.rounds),
      h("span", { class: "small" }, `${experiment.roundsDone}/${experiment.rounds}`),
    ),
    h("td", {}, formatCount(experiment.agents)),
    h("td", {}, formatCount(experiment.totals.actions)),
    h("td", {}, spend),
    h(
      "td",
      {},
      h("a", { href: `#/e/${experiment.id}/feed` }, "feed"),
      " · ",
      h("a", { href: `#/e/${experiment.id}/influence` }, "influence"),
      " · ",
      h("a", { href: `#/e/${experiment.id}/metrics` }, "metrics"),
    ),
    actions,
  );
}

interface Field {
  readonly input: HTMLInputElement;
  readonly wrap: HTMLElement;
}

/** The launch form's elements; the JSON editor is the truth, the fields above it edit its common keys. */
interface FormParts {
  readonly editor: HTMLTextAreaElement;
  readonly errors: HTMLElement;
  readonly ok: HTMLElement;
  readonly presetSelect: HTMLSelectElement;
  readonly fields: { readonly name: Field; readonly agents: Field; readonly rounds: Field; readonly seed: Field };
  readonly launch: HTMLButtonElement;
}

function formParts(): FormParts {
  const field = (id: string, label: string, type: string, attributes: Record<string, string | number> = {}): Field => {
    const input = h("input", { id, type, ...attributes });
    return { input, wrap: h("div", {}, h("label", { for: id }, label), input) };
  };
  return {
    editor: h("textarea", { id: "config-json", spellcheck: "false", "aria-label": "experiment config (JSON)" }),
    errors: h("div", { class: "errors", "data-testid": "config-errors" }),
    ok: h("div", { class: "ok" }),
    presetSelect: h("select", { id: "preset" }, ...Object.keys(presets).map((name) => h("option", { value: name }, name))),
    fields: {
      name: field("f-name", "Name", "text", { size: 18 }),
      agents: field("f-agents", "Agents", "number", { min: 2, max: 10000000, step: 1 }),
      rounds: field("f-rounds", "Rounds", "number", { min: 1, max: 100000, step: 1 }),
      seed: field("f-seed", "Seed", "number", { min: 0, step: 1 }),
    },
    launch: h("button", { class: "primary", id: "launch", type: "button" }, "Launch"),
  };
}

/** The editor's config as an object, or null when it is not a JSON object. */
function editedConfig(parts: FormParts): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(parts.editor.value);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : null;
  } catch {
    return null;
  }
}

/** Validates with the same schema the server uses; the launch button follows the verdict. */
function validateForm(parts: FormParts): boolean {
  const { errors, ok, launch } = parts;
  const value = editedConfig(parts);
  ok.textContent = "";
  if (value === null) {
    errors.textContent = "The config is not a JSON object.";
    launch.disabled = true;
    return false;
  }
  const parsed = parseExperimentConfig(value);
  errors.textContent = parsed.ok ? "" : parsed.issues.join("\n");
  if (parsed.ok) ok.textContent = `Valid: ${formatCount(parsed.config.agents)} agents x ${formatCount(parsed.config.rounds)} rounds.`;
  launch.disabled = !parsed.ok;
  return parsed.ok;
}

/** Editor to fields. */
function syncFields(parts: FormParts): void {
  const value = editedConfig(parts);
  if (!value) return;
  const { name, agents, rounds, seed } = parts.fields;
  name.input.value = typeof value["name"] === "string" ? value["name"] : "";
  agents.input.value = typeof value["agents"] === "number" ? String(value["agents"]) : "";
  rounds.input.value = typeof value["rounds"] === "number" ? String(value["rounds"]) : "";
  seed.input.value = typeof value["seed"] === "number" ? String(value["seed"]) : "";
}

/** Fields to editor, and the editor back to the fields as the user types in either. */
function bindFields(parts: FormParts): void {
  const fromField = (key: string, input: HTMLInputElement, numeric: boolean) => () => {
    const value = editedConfig(parts);
    if (!value) return;
    value[key] = numeric ? Number(input.value) : input.value;
    parts.editor.value = JSON.stringify(value, null, 2);
    validateForm(parts);
  };
  const { name, agents, rounds, seed } = parts.fields;
  name.input.addEventListener("input", fromField("name", name.input, false));
  agents.input.addEventListener("input", fromField("agents", agents.input, true));
  rounds.input.addEventListener("input", fromField("rounds", rounds.input, true));
  seed.input.addEventListener("input", fromField("seed", seed.input, true));
  parts.editor.addEventListener("input", () => {
    validateForm(parts);
    syncFields(parts);
  });
}

/** The launch form: a preset or a fork as JSON, the common fields above it, validated as you type. */
function launchForm(onLaunched: (id: string) => void): { element: HTMLElement; load: (config: unknown, name: string) => void } {
  const parts = formParts();
  const { editor, errors, ok, presetSelect, launch } = parts;
  bindFields(parts);
  const load = (config: unknown, label: string): void => {
    editor.value = JSON.stringify(config, null, 2);
    syncFields(parts);
    validateForm(parts);
    ok.textContent = `${label} loaded. ${ok.textContent}`;
  };
  presetSelect.addEventListener("change", () => load(presets[presetSelect.value], `Preset ${presetSelect.value}`));
  launch.addEventListener("click", () => {
    if (!validateForm(parts)) return;
    launch.disabled = true;
    void api("/api/experiments", experimentBodySchema, { method: "POST", body: JSON.stringify({ config: editedConfig(parts) }) })
      .then((created) => control(created.experiment.id, "start"))
      .then((started) => onLaunched(started.id))
      .catch((e: unknown) => {
        errors.textContent = e instanceof Error ? e.message : String(e);
        launch.disabled = false;
      });
  });
  load(presets["moltbook-like"], "Preset moltbook-like");
  const { name, agents, rounds, seed } = parts.fields;
  const element = h(
    "section",
    { class: "card", id: "launch-form" },
    h("h2", {}, "Launch an experiment"),
    h(
      "div",
      { class: "form-row" },
      h("div", {}, h("label", { for: "preset" }, "Preset"), presetSelect),
      name.wrap,
      agents.wrap,
      rounds.wrap,
      seed.wrap,
    ),
    h("label", { for: "config-json" }, "The whole config (validated as you type; see core/contracts/experiment-config.ts)"),
    editor,
    errors,
    ok,
    h("div", { style: "margin-top: 10px" }, launch),
  );
  return { element, load };
}

export const experimentsPage: Page = async (root) => {
  const body = h("tbody");
  const table = h(
    "table",
    { id: "experiments" },
    h(
      "thead",
      {},
      h("tr", {}, ...["Experiment", "Status", "Progress", "Agents", "Actions", "Spend", "Explore", ""].map((t) => h("th", {}, t))),
    ),
    body,
  );
  const form = launchForm((id) => {
    location.hash = `#/e/${id}`;
  });
  const fork = (id: string): void => {
    void api(`/api/experiments/${id}/config`, experimentConfigBodySchema).then(({ config }) => {
      form.load({ ...config, name: `fork of ${typeof config["name"] === "string" ? config["name"] : id}` }, `Fork of ${id}`);
      form.element.scrollIntoView({ behavior: "smooth" });
    });
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let shown = "";
  const refresh = async (): Promise<void> => {
    const { experiments } = await api("/api/experiments", experimentListBodySchema);
    // Rows are redrawn only when something changed, so a button is not replaced under the pointer.
    const key = JSON.stringify(experiments);
    if (key === shown) return;
    shown = key;
    body.replaceChildren(...experiments.map((e) => row(e, fork, () => void refresh())));
    if (experiments.length === 0)
      body.append(h("tr", {}, h("td", { colspan: 8, class: "muted" }, "No experiments yet: launch one below.")));
  };
  const poll = (): void => {
    timer = setTimeout(() => {
      void refresh()
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) poll();
        });
    }, listPollMs);
  };
  root.append(h("h1", {}, "Experiments"), h("section", { class: "card" }, table), form.element);
  await refresh();
  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
};
