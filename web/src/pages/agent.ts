import { topics } from "../../../core/sim/vocabulary.js";
import { lineChart } from "../../../report/charts/line-chart.js";
import { agentSchema, api } from "../api.js";
import type { AgentView } from "../api.js";
import type { Page } from "../page.js";
import { formatCount, h, svgBlock } from "../ui/dom.js";

function sourceLink(id: string, source: string): HTMLElement | string {
  if (source.startsWith("p.")) return h("a", { href: `#/e/${id}/post/${encodeURIComponent(source)}` }, source);
  if (source.startsWith("c.")) return h("span", { class: "muted" }, source);
  return h("a", { href: `#/e/${id}/agent/${encodeURIComponent(source)}` }, source);
}

function memoryRows(id: string, memory: AgentView["memory"]): HTMLElement[] {
  return memory.map((m) =>
    h(
      "div",
      { class: "memory", "data-memory": m.id },
      h("span", { class: "kind" }, m.kind),
      h("span", { class: "muted small" }, `${m.id} · round ${m.round} · importance ${m.importance.toFixed(1)} · from `),
      ...m.sources.flatMap((s, i) => (i > 0 ? [", ", sourceLink(id, s)] : [sourceLink(id, s)])),
      h("div", {}, m.text),
    ),
  );
}

/** One agent: persona, karma over time, what it wrote, what it remembers and recalled, feedback. */
export const agentPage: Page = async (root, params) => {
  const id = params["id"] ?? "";
  const agentId = params["agent"] ?? "";
  const view = await api(`/api/experiments/${id}/agents/${encodeURIComponent(agentId)}`, agentSchema);
  const { agent, activity } = view;
  const persona = agent.persona;
  const tags = [
    h("span", { class: `tag ${agent.policy === "llm" ? "llm" : ""}` }, agent.policy),
    agent.group ? h("span", { class: "tag" }, agent.group) : null,
    agent.model ? h("span", { class: "tag llm" }, agent.model) : null,
    agent.external ? h("span", { class: "tag external" }, "external") : null,
  ];
  root.append(
    h("h1", { "data-testid": "agent-title" }, `${persona?.name ?? agent.id} `, h("span", { class: "muted" }, agent.id), ...tags),
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
  );
  if (persona) {
    root.append(
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Persona"),
        h(
          "p",
          {},
          "Interests: ",
          persona.interests.map((i) => `${topics[i.topic]?.name ?? `topic ${i.topic}`} (${Math.round(i.weight * 100)} %)`).join(", "),
        ),
        h(
          "p",
          {},
          `Home communities: ${persona.homeSubmolts.join(", ")} · activity x${persona.activity.toFixed(2)} · answers ${Math.round(persona.replyRate * 100)} % of replies`,
        ),
      ),
    );
  }
  const karmaPoints = [{ x: 0, y: 0 }, ...activity.karma.map((k) => ({ x: k.round, y: k.karma }))];
  const recalledBy = new Map(activity.recalled.map((r) => [r.action, r.refs]));
  const memoryList = h("div", { "data-testid": "memory" }, ...memoryRows(id, view.memory));
  const older = h("button", { type: "button" }, "older memories");
  const lastId = (): number => Number(view.memory[view.memory.length - 1]?.id.split(".").pop() ?? 0);
  let cursor = lastId();
  older.addEventListener("click", () => {
    void api(`/api/experiments/${id}/agents/${encodeURIComponent(agentId)}?before=${cursor}`, agentSchema).then((next) => {
      memoryList.append(...memoryRows(id, next.memory));
      cursor = Number(next.memory[next.memory.length - 1]?.id.split(".").pop() ?? 0);
      older.disabled = next.memory.length === 0 || cursor === 0;
    });
  });
  older.disabled = view.memory.length === 0 || cursor === 0;
  const writings = [
    ...view.posts.map((p) => ({ id: p.id, round: p.round, kind: "post", text: `${p.title} - ${p.content}`, score: p.score })),
    ...view.comments.map((c) => ({ id: c.id, round: c.round, kind: "comment", text: c.content, score: c.score })),
  ].sort((a, b) => b.round - a.round);
  root.append(
    h(
      "div",
      { class: "grid two" },
      h(
        "section",
        { class: "card" },
        svgBlock(lineChart({ title: "Karma over rounds", series: [{ name: "karma", points: karmaPoints }], xLabel: "round" })),
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
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "What it wrote, and what each piece recalled"),
      h(
        "table",
        { "data-testid": "writings" },
        h("thead", {}, h("tr", {}, h("th", {}, "round"), h("th", {}, "item"), h("th", {}, "score"), h("th", {}, "recalled memory rows"))),
        h(
          "tbody",
          {},
          ...writings
            .slice(0, 40)
            .map((w) =>
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
              ),
            ),
        ),
      ),
    ),
    h("section", { class: "card" }, h("h2", {}, "Memory stream (newest first, with provenance)"), memoryList, older),
  );
  if (activity.llmCalls.length > 0) {
    const tokens = activity.llmCalls.reduce((n, c) => n + c.promptTokens + c.completionTokens, 0);
    root.append(
      h(
        "section",
        { class: "card" },
        h("h2", {}, `Model calls (${activity.llmCalls.length}, ${formatCount(tokens)} tokens)`),
        ...activity.llmCalls
          .slice(-20)
          .map((c) =>
            h(
              "div",
              { class: "small" },
              `round ${c.round} · ${c.model} · ${c.promptTokens}+${c.completionTokens} tokens · ${c.ok ? "ok" : (c.errorClass ?? "failed")}`,
            ),
          ),
      ),
    );
  }
};
