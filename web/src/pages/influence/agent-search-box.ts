import { h } from "../../ui/dom.js";
import type { InfluenceGraphNode } from "../../../../core/contracts/graph.js";
import { matchAgents } from "./agent-match.js";
import { agentLabel } from "./node-style.js";

/**
 * The search field's behaviour: suggestions as the user types (name and id), Enter takes the
 * first, a click takes that one, Escape or an empty field clears the highlight.
 */
export function wireAgentSearch(
  input: HTMLInputElement,
  suggestions: HTMLElement,
  nodes: readonly InfluenceGraphNode[],
  pick: (index: number | null) => void,
  signal: AbortSignal,
): void {
  let matches: number[] = [];
  const choose = (index: number | null): void => {
    suggestions.hidden = true;
    const node = index === null ? undefined : nodes[index];
    if (node) input.value = agentLabel(node);
    pick(node ? index : null);
  };
  const render = (): void => {
    matches = matchAgents(nodes, input.value);
    suggestions.replaceChildren(
      ...matches.map((index) =>
        h(
          "button",
          { type: "button", role: "option", class: "suggestion", "data-agent": nodes[index]?.id ?? "" },
          agentLabel(nodes[index] ?? { id: String(index) }),
        ),
      ),
    );
    if (input.value.trim() !== "" && matches.length === 0)
      suggestions.replaceChildren(h("div", { class: "muted small" }, "No agent matches."));
    suggestions.hidden = input.value.trim() === "";
  };
  input.addEventListener(
    "input",
    () => {
      render();
      if (input.value.trim() === "") pick(null);
    },
    { signal },
  );
  input.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Enter") choose(matches[0] ?? null);
      if (event.key === "Escape") {
        input.value = "";
        choose(null);
      }
    },
    { signal },
  );
  suggestions.addEventListener(
    "click",
    (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLElement>("[data-agent]") : null;
      const index = button ? nodes.findIndex((node) => node.id === button.dataset["agent"]) : -1;
      if (index >= 0) choose(index);
    },
    { signal },
  );
}
