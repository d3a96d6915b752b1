import { votedTargetsPage } from "../../core/tunables.js";
import { agentMeta } from "./agent-meta.js";
import type { AgentState, AgentStore } from "./agent-store.js";
import { votedPageOf } from "./voted-page.js";

/**
 * Older storage layouts, folded into the current one on an agent's next turn (inside that turn's
 * transaction). Layouts the migrations handle (agent-schema.ts) are not here: these are the
 * tables of agents made before the voted page and the familiarity row were meta rows
 * (`agentLegacyTableNames`). An object older than lazy tables is read as having every table
 * (agent-meta.ts: `lazyTables`), so it goes through here too.
 */
export function foldLegacyTables(store: AgentStore, state: AgentState): void {
  if (!state.tables.has("voted") && !state.tables.has("familiarity")) return;
  if (state.tables.has("voted")) foldVotedTable(store, state);
  if (state.tables.has("familiarity")) foldFamiliarityTable(store, state);
  store.recordTables(state);
}

function foldVotedTable(store: AgentStore, state: AgentState): void {
  const rows = store.sql
    .exec<{ target: string; round: number }>("SELECT target, round FROM voted ORDER BY round DESC, target LIMIT ?", votedTargetsPage)
    .toArray();
  const page = votedPageOf(
    rows.map((r): [string, number] => [r.target, r.round]),
    votedTargetsPage,
  );
  state.meta.set(agentMeta.voted, page);
  store.sql.exec("DROP TABLE voted");
  state.tables.delete("voted");
}

function foldFamiliarityTable(store: AgentStore, state: AgentState): void {
  const familiarity = new Map<string, number>();
  for (const row of store.sql.exec<{ author: string; count: number }>("SELECT author, count FROM familiarity")) {
    familiarity.set(row.author, row.count);
  }
  state.meta.set(agentMeta.familiarity, familiarity);
  store.sql.exec("DROP TABLE familiarity");
  state.tables.delete("familiarity");
}
