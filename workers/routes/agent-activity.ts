import { z } from "zod";
import { roundManifestSchema, mergeRound } from "../../core/events/part.js";
import { roundManifestKey } from "../../durable-objects/common/names.js";
import type { AgentActivity } from "../../core/contracts/readers.js";

const lineSchema = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("vote"),
    round: z.number(),
    agent: z.string(),
    target: z.string(),
    value: z.number(),
    targetAuthor: z.string(),
  }),
  z.looseObject({ type: z.literal("memoryRef"), round: z.number(), agent: z.string(), action: z.string(), refs: z.array(z.string()) }),
  z.looseObject({
    type: z.literal("comment"),
    round: z.number(),
    agent: z.string(),
    id: z.string(),
    post: z.string(),
    parent: z.string().nullable(),
    content: z.string(),
  }),
  z.looseObject({
    type: z.literal("llmCall"),
    round: z.number(),
    agent: z.string(),
    model: z.string(),
    promptTokens: z.number(),
    completionTokens: z.number(),
    ok: z.boolean(),
    errorClass: z.string().optional(),
  }),
]);

/** The author a sim content id names (`p.<round>.<agent>.<k>`), without a lookup. */
function authorOfId(id: string): string {
  return id.split(".").slice(2, -1).join(".");
}

/**
 * One pass over the experiment's log for one agent. Lines are filtered by substring before they
 * are parsed, so a scan costs little more than reading the parts. Votes carry the voter's resulting
 * state, so a target's net change is the difference from the voter's previous state on it.
 */
export async function agentActivity(bucket: R2Bucket, experimentId: string, rounds: number, agent: string): Promise<AgentActivity> {
  const out: AgentActivity = { karma: [], recalled: [], replies: [], llmCalls: [] };
  const quoted = JSON.stringify(agent);
  const voteState = new Map<string, number>();
  let karma = 0;
  for (let round = 0; round < rounds; round++) {
    const manifestObject = await bucket.get(roundManifestKey(experimentId, round));
    if (!manifestObject) break;
    const manifest = roundManifestSchema.parse(await manifestObject.json());
    const bodies = await Promise.all(manifest.parts.map(async (part) => (await bucket.get(part.key))?.text() ?? ""));
    let delta = 0;
    for (const line of mergeRound(bodies)) {
      if (!line.includes(quoted) && !line.includes(`.${agent}.`)) continue;
      const parsed = lineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) continue;
      const event = parsed.data;
      if (event.type === "vote" && event.targetAuthor === agent) {
        const stateKey = `${event.agent}\u0000${event.target}`;
        delta += event.value - (voteState.get(stateKey) ?? 0);
        voteState.set(stateKey, event.value);
      } else if (event.type === "memoryRef" && event.agent === agent) {
        out.recalled.push({ round: event.round, action: event.action, refs: event.refs });
      } else if (event.type === "comment" && event.agent !== agent && authorOfId(event.parent ?? event.post) === agent) {
        out.replies.push({
          round: event.round,
          id: event.id,
          author: event.agent,
          post: event.post,
          parent: event.parent,
          content: event.content,
        });
      } else if (event.type === "llmCall" && event.agent === agent) {
        out.llmCalls.push({
          round: event.round,
          model: event.model,
          promptTokens: event.promptTokens,
          completionTokens: event.completionTokens,
          ok: event.ok,
          errorClass: event.errorClass ?? null,
        });
      }
    }
    if (delta !== 0) {
      karma += delta;
      out.karma.push({ round, delta, karma });
    }
  }
  return out;
}
