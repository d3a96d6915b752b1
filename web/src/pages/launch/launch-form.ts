import moltbookLike from "../../../../experiments/moltbook-like.json";
import socialized from "../../../../experiments/socialized.json";
import { diagnoseConfigText, experimentConfigJsonSchema, formatConfigProblems } from "../../../../core/contracts/config-diagnostics.js";
import type { ConfigProblem } from "../../../../core/contracts/config-diagnostics.js";
import { experimentBodySchema } from "../../../../core/contracts/experiment-status.js";
import { api, control } from "../../api.js";
import { formatCount, h } from "../../ui/dom.js";
import { fieldPlan, setValueAt, valueAt } from "./config-fields.js";
import type { FieldPlan, FieldSpec } from "./config-fields.js";

const presets: Readonly<Record<string, unknown>> = { "moltbook-like": moltbookLike, socialized };

/** The JSON editor is the truth; every field edits one key of it, and the editor edits them back. */
interface FormParts {
  readonly editor: HTMLTextAreaElement;
  readonly errors: HTMLElement;
  readonly ok: HTMLElement;
  readonly presetSelect: HTMLSelectElement;
  readonly inputs: readonly { readonly spec: FieldSpec; readonly input: HTMLInputElement | HTMLSelectElement }[];
  readonly launch: HTMLButtonElement;
}

const fieldId = (spec: FieldSpec): string => `f-${spec.path.join("-")}`;

function fieldInput(spec: FieldSpec): HTMLInputElement | HTMLSelectElement {
  const title = [spec.description, spec.defaultValue === undefined ? null : `default ${JSON.stringify(spec.defaultValue)}`]
    .filter(Boolean)
    .join("; ");
  if (spec.kind === "choice" || spec.kind === "boolean") {
    const options = spec.kind === "boolean" ? ["true", "false"] : (spec.options ?? []);
    return h(
      "select",
      { id: fieldId(spec), title },
      h("option", { value: "" }, "(default)"),
      ...options.map((o) => h("option", { value: o }, o)),
    );
  }
  const numeric = spec.kind === "number" || spec.kind === "integer";
  return h("input", {
    id: fieldId(spec),
    type: numeric ? "number" : "text",
    min: spec.min,
    max: spec.max,
    step: spec.kind === "integer" ? 1 : numeric ? "any" : undefined,
    placeholder: spec.defaultValue === undefined ? "" : String(spec.defaultValue),
    title,
  });
}

/** The value a field's text stands for; undefined (the key removed, its default applies) when empty. */
function fieldValue(spec: FieldSpec, raw: string): unknown {
  if (raw === "") return undefined;
  if (spec.kind === "boolean") return raw === "true";
  if (spec.kind === "number" || spec.kind === "integer") return Number(raw);
  return raw;
}

function editedConfig(parts: FormParts): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(parts.editor.value);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : null;
  } catch {
    return null;
  }
}

/** Puts the editor's caret on a problem's line and column. */
function showProblem(editor: HTMLTextAreaElement, problem: ConfigProblem): void {
  const lines = editor.value.split("\n");
  const offset = lines.slice(0, problem.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + problem.column - 1;
  editor.focus();
  editor.setSelectionRange(offset, offset);
}

/** Validates with the same schema the server uses; the launch button follows the verdict. */
function validateForm(parts: FormParts): boolean {
  const { errors, ok, launch, editor } = parts;
  const diagnosis = diagnoseConfigText(editor.value);
  ok.textContent = diagnosis.ok
    ? `Valid: ${formatCount(diagnosis.config.agents)} agents x ${formatCount(diagnosis.config.rounds)} rounds.`
    : "";
  errors.replaceChildren(
    ...(diagnosis.ok
      ? []
      : diagnosis.problems.map((problem, i) =>
          h(
            "div",
            { class: "problem", role: "button", tabindex: 0, onclick: () => showProblem(editor, problem) },
            formatConfigProblems(diagnosis.problems)[i] ?? "",
          ),
        )),
  );
  launch.disabled = !diagnosis.ok;
  return diagnosis.ok;
}

/** Editor to fields. */
function syncFields(parts: FormParts): void {
  const config = editedConfig(parts);
  if (!config) return;
  for (const { spec, input } of parts.inputs) {
    const value = valueAt(config, spec.path);
    input.value = value === undefined || value === null || typeof value === "object" ? "" : String(value);
  }
}

function bindFields(parts: FormParts): void {
  for (const { spec, input } of parts.inputs) {
    input.addEventListener("input", () => {
      const config = editedConfig(parts);
      if (!config) return;
      setValueAt(config, spec.path, fieldValue(spec, input.value));
      parts.editor.value = JSON.stringify(config, null, 2);
      validateForm(parts);
    });
  }
  parts.editor.addEventListener("input", () => {
    validateForm(parts);
    syncFields(parts);
  });
}

function fieldsBlock(plan: FieldPlan, parts: FormParts): HTMLElement {
  const byPath = new Map(parts.inputs.map((x) => [x.spec.path.join("."), x.input]));
  const sections = plan.sections.map((section) => {
    const grid = h(
      "div",
      { class: "form-row" },
      ...section.fields.map((spec) => {
        const label = section.name === "basics" ? spec.path.join(".") : spec.path.slice(1).join(".");
        return h("div", {}, h("label", { for: fieldId(spec) }, label), byPath.get(spec.path.join(".")) ?? null);
      }),
    );
    return section.name === "basics"
      ? grid
      : h("details", { class: "config-section" }, h("summary", {}, `${section.name} (${section.fields.length})`), grid);
  });
  const jsonOnly =
    plan.jsonOnly.length > 0 ? h("p", { class: "small muted" }, `Edited in the JSON below: ${plan.jsonOnly.join(", ")}.`) : null;
  return h("div", {}, ...sections, jsonOnly);
}

/** The launch form: a preset or a fork as JSON, a field for every plain setting, validated as you type. */
export function launchForm(onLaunched: (id: string) => void): { element: HTMLElement; load: (config: unknown, name: string) => void } {
  const plan = fieldPlan(experimentConfigJsonSchema());
  const parts: FormParts = {
    editor: h("textarea", { id: "config-json", spellcheck: "false", "aria-label": "experiment config (JSON)" }),
    errors: h("div", { class: "errors", "data-testid": "config-errors" }),
    ok: h("div", { class: "ok" }),
    presetSelect: h("select", { id: "preset" }, ...Object.keys(presets).map((name) => h("option", { value: name }, name))),
    inputs: plan.sections.flatMap((s) => s.fields.map((spec) => ({ spec, input: fieldInput(spec) }))),
    launch: h("button", { class: "primary", id: "launch", type: "button" }, "Launch"),
  };
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
  const element = h(
    "section",
    { class: "card", id: "launch-form" },
    h("h2", {}, "Launch an experiment"),
    h("div", { class: "form-row" }, h("div", {}, h("label", { for: "preset" }, "Preset"), presetSelect)),
    fieldsBlock(plan, parts),
    h(
      "label",
      { for: "config-json" },
      "The whole config, validated as you type against ",
      h("a", { href: "/experiment.schema.json", target: "_blank" }, "experiment.schema.json"),
      " (problems show line:column; click one to go there)",
    ),
    editor,
    errors,
    ok,
    h("div", { style: "margin-top: 10px" }, launch),
  );
  return { element, load };
}
