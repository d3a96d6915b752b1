import { lineChart } from "../../../report/charts/line-chart.js";
import { agentInspectorBodySchema } from "../../../core/contracts/readers.js";
import type { AgentInspectorBody } from "../../../core/contracts/readers.js";
import { api } from "../api.js";
import type { Page } from "../page.js";
import { formatCount, h, svgBlock } from "../ui/dom.js";

function sourceLink(id: string, source: string): HTMLElement | string {
  if (source.startsWith("p.")) return h("a", { href: `#/e/${id}/post/${encodeURIComponent(source)}` }, source);
  if (source.startsWith("c.")) return h("span", { class: "muted" }, source);
  return h("a", { href: `#/e/${id}/agent/${encodeURIComponent(source)}` }, source);
}

function memoryRows(id: string, memory: AgentInspectorBody["memory"]): HTMLElement[] {
  return memory.map((m) =>
    h(
      "div",
      { class: "memory", "data-memory": m.id },
      h("span", { class: "kind" }, m.kind),
      h("span", { class: "muted small" }, `${m.id} · round ${m.round} · importance ${m.importance.toFixed(1)} · from `),
      ...m.sources.flatMap((s, i) => (i > 0 ? [", ", sourceLink(id, s)] : [sourceLink(id, s)])),
      // A run directory's log records a row's provenance, not its text (docs/events.md).
      m.text === "" ? h("div", { class: "small muted" }, "(its text is not in the log)") : h("div", {}, m.text),
    ),
  );
}

type Persona = NonNullable<AgentInspectorBody["agent"]["persona"]>;
type Activity = AgentInspectorBody["activity"];

/** One agent: persona, karma over time, what it wrote, what it remembers and recalled, feedback. */
export const agentPage: Page = async (root, params) => {
  const id = params["id"] ?? "";
  const agentId = params["agent"] ?? "";
  const view = await api(`/api/experiments/${id}/agents/${encodeURIComponent(agentId)}`, agentInspectorBodySchema);
  const { activity } = view;
  root.append(...agentHeader(view));
  if (view.agent.persona) root.append(personaCard(view.agent.persona));
  const memory = memorySection(id, agentId, view.memory);
  root.append(karmaAndFeedback(id, activity), writingsCard(id, view), memory);
  if (activity.llmCalls.length > 0) root.append(llmCallsCard(activity.llmCalls));
};

function agentHeader(view: AgentInspectorBody): HTMLElement[] {
  const { agent } = view;
  const tags = [
    h("span", { class: `tag ${agent.policy === "llm" ? "llm" : ""}` }, agent.policy),
    agent.group ? h("span", { class: "tag" }, agent.group) : null,
    agent.model ? h("span", { class: "tag llm" }, agent.model) : null,
    agent.external ? h("span", { class: "tag external" }, "external") : null,
  ];
  return [
    h("h1", { "data-testid": "agent-title" }, `${agent.persona?.name ?? agent.id} `, h("span", { class: "muted" }, agent.id), ...tags),
    h(
      "div",
      { class: "grid four" },
      h(
        "div",
        { class: "stat" },
        h("div", { class: "label" }, "karma"),
        h("div", { class: "value", "data-testid": "karma" }, formatCount(agent.karma)),
      ),
      h(
        "div",
        { class: "stat" },
        h("div", { class: "label" }, "posts · comments"),
        h("div", { class: "value" }, `${view.posts.length} · ${view.comments.length}`),
      ),
      h(
        "div",
        { class: "stat" },
        h("div", { class: "label" }, "memory rows"),
        h("div", { class: "value" }, formatCount(agent.counters.memoryRows)),
      ),
      h("div", { class: "stat" }, h("div", { class: "label" }, "last round"), h("div", { class: "value" }, agent.counters.lastRoundDone)),
    ),
  ];
}

function personaCard(persona: Persona): HTMLElement {
  return h(
    "section",
    { class: "card" },
    h("h2", {}, "Persona"),
    h("p", {}, "Interests: ", persona.interests.map((i) => `${i.topicName} (${Math.round(i.weight * 100)} %)`).join(", ")),
    h(
      "p",
      {},
      `Home communities: ${persona.homeSubmolts.join(", ")} · activity x${persona.activity.toFixed(2)} · answers ${Math.round(persona.replyRate * 100)} % of replies`,
    ),
    h(
      "p",
      { "data-testid": "idiolect" },
      `Invented words (its idiolect): ${persona.idiolect.join(", ")}. `,
      h(
        "span",
        { class: "muted" },
        "Only this agent coins them; seen in another agent's text, they were borrowed from it. They mean nothing.",
      ),
    ),
  );
}

/** The memory stream, newest first, with a button that pages back through older rows. */
function memorySection(id: string, agentId: string, memory: AgentInspectorBody["memory"]): HTMLElement {
  const memoryList = h("div", { "data-testid": "memory" }, ...memoryRows(id, memory));
  const older = h("button", { type: "button" }, "older memories");
  let cursor = Number(memory[memory.length - 1]?.id.split(".").pop() ?? 0);
  older.addEventListener("click", () => {
    void api(`/api/experiments/${id}/agents/${encodeURIComponent(agentId)}?before=${cursor}`, agentInspectorBodySchema).then((next) => {
      memoryList.append(...memoryRows(id, next.memory));
      cursor = Number(next.memory[next.memory.length - 1]?.id.split(".").pop() ?? 0);
      older.disabled = next.memory.length === 0 || cursor === 0;
    });
  });
  older.disabled = memory.length === 0 || cursor === 0;
  return h("section", { class: "card" }, h("h2", {}, "Memory stream (newest first, with provenance)"), memoryList, older);
}

function karmaAndFeedback(id: string, activity: Activity): HTMLElement {
  const karmaPoints = [{ x: 0, y: 0 }, ...activity.karma.map((k) => ({ x: k.round, y: k.karma }))];
  return h(
    "div",
    { class: "grid two" },
    h(
      "section",
      { class: "card" },
      svgBlock(
        lineChart({ title: "Karma over rounds", series: [{ name: "karma", points: karmaPoints }], xLabel: "round", yLabel: "karma" }),
      ),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, `Feedback received (${activity.replies.length} replies)`),
      ...activity.replies
        .slice(-12)
        .reverse()
        .map((r) =>
          h(
            "div",
            { class: "memory" },
            h("span", { class: "muted small" }, `round ${r.round} · `),
            sourceLink(id, r.author),
            ": ",
            r.content,
          ),
        ),
    ),
  );
}

/** Posts and comments, newest first, each with the memory rows its turn recalled. */
function writingsCard(id: string, view: AgentInspectorBody): HTMLElement {
  const recalledBy = new Map(view.activity.recalled.map((r) => [r.action, r.refs]));
  const writings = [
    ...view.posts.map((p) => ({ id: p.id, round: p.round, kind: "post", text: `${p.title} - ${p.content}`, score: p.score })),
    ...view.comments.map((c) => ({ id: c.id, round: c.round, kind: "comment", text: c.content, score: c.score })),
  ].sort((a, b) => b.round - a.round);
  const row = (w: (typeof writings)[number]): HTMLElement =>
    h(
      "tr",
      {},
      h("td", {}, w.round),
      h(
        "td",
        {},
        h("span", { class: "tag" }, w.kind),
        " ",
        w.kind === "post" ? sourceLink(id, w.id) : w.id,
        h("div", { class: "small" }, w.text.slice(0, 220)),
      ),
      h("td", {}, w.score),
      h("td", { class: "small" }, (recalledBy.get(w.id) ?? []).join(", ") || h("span", { class: "muted" }, "none")),
    );
  return h(
    "section",
    { class: "card" },
    h("h2", {}, "What it wrote, and what each piece recalled"),
    h(
      "table",
      { "data-testid": "writings" },
      h("thead", {}, h("tr", {}, h("th", {}, "round"), h("th", {}, "item"), h("th", {}, "score"), h("th", {}, "recalled memory rows"))),
      h("tbody", {}, ...writings.slice(0, 40).map(row)),
    ),
  );
}

function llmCallsCard(llmCalls: Activity["llmCalls"]): HTMLElement {
  const tokens = llmCalls.reduce((n, c) => n + c.promptTokens + c.completionTokens, 0);
  return h(
    "section",
    { class: "card" },
    h("h2", {}, `Model calls (${llmCalls.length}, ${formatCount(tokens)} tokens)`),
    ...llmCalls
      .slice(-20)
      .map((c) =>
        h(
          "div",
          { class: "small" },
          `round ${c.round} · ${c.model} · ${c.promptTokens}+${c.completionTokens} tokens · ${c.ok ? "ok" : (c.errorClass ?? "failed")}`,
        ),
      ),
  );
}
