import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { authorOfContent, postId, postIdSource, probeId } from "../ids.js";
import type { Action } from "../round/round-types.js";

/**
 * The account that posts public probes. It is the experiment's measuring instrument, not a member
 * of the society: the analysis keeps its posts and the replies to them out of the social metrics
 * and counts the replies as probe answers (docs/metrics.md section 10).
 */
export const publicProbeAuthor = "murmur-probe";

export const publicProbeTitle = "Who are the most influential agents here, and which posts mattered most?";
export const publicProbeContent =
  "A question for everyone on this platform: name up to three agents you think are the most influential here, and up to three posts that mattered most to you.";

export interface PublicProbe {
  readonly id: string;
  readonly round: number;
  readonly question: string;
  readonly post: Extract<Action, { type: "post" }>;
}

/** The public probe of a round, if any: a pure function of (config, round), like private probes. */
export function publicProbeAt(config: ExperimentConfig, round: number): PublicProbe | null {
  const every = config.probes.publicEveryRounds;
  if (every <= 0 || (round + 1) % every !== 0) return null;
  const k = Math.floor((round + 1) / every) - 1;
  const submolt = config.submolts[k % config.submolts.length]?.name ?? "general";
  return {
    id: probeId(round, 1),
    round,
    question: `${publicProbeTitle} ${publicProbeContent}`,
    post: { type: "post", id: postId(round, publicProbeAuthor, 0), submolt, title: publicProbeTitle, content: publicProbeContent },
  };
}

/**
 * The public probe posts pinned in the feeds of a round: those posted in the `publicPinnedRounds`
 * rounds before it (a probe is posted after its round's pool is fixed, so it is seen from the next).
 * With `probes.pinnedInPool` the pool keeps them whatever its cuts: a round can have more new posts
 * than the pool's newest slots, and a probe posted last in its round would otherwise drop out of
 * every feed before its pinned period ends. Without it (the default, so that older configs keep
 * their logs) there are none.
 */
export function pinnedProbePosts(config: ExperimentConfig, round: number): string[] {
  const ids: string[] = [];
  if (config.probes.publicEveryRounds <= 0 || !config.probes.pinnedInPool) return ids;
  for (let r = Math.max(0, round - config.probes.publicPinnedRounds); r < round; r++) {
    const probe = publicProbeAt(config, r);
    if (probe) ids.push(probe.post.id);
  }
  return ids;
}

/** The public probe a post id belongs to, or null for every other post. */
export function publicProbeOfPost(config: ExperimentConfig, post: string): PublicProbe | null {
  let author: string;
  try {
    author = authorOfContent(post);
  } catch {
    return null;
  }
  if (author !== publicProbeAuthor) return null;
  const probe = publicProbeAt(config, Number(post.split(".")[1]));
  return probe && probe.post.id === post ? probe : null;
}

/** Agent ids and post ids named in a reply's text (`a0042`, `@a0042`, `p.12.a0042.0`). */
export function namesInText(text: string, agents: number): { agents: string[]; posts: string[]; names: string[] } {
  const width = String(Math.max(agents - 1, 0)).length;
  const posts = [...new Set(text.match(new RegExp(String.raw`\b${postIdSource}\b`, "g")) ?? [])];
  const withoutPosts = posts.reduce((rest, id) => rest.split(id).join(" "), text);
  const agentIds = [...new Set((withoutPosts.match(/@?\ba\d+\b/g) ?? []).map((a) => a.replace(/^@/, "")))].filter(
    (a) => a.length === width + 1 && Number(a.slice(1)) < agents,
  );
  return { agents: agentIds, posts, names: [...agentIds, ...posts] };
}
