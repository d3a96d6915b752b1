import type { ExperimentConfig } from "../../../core/contracts/experiment-config.js";
import { isSimAgentId, simAgentName } from "../../../core/platform/agent-names.js";
import { threadComments } from "../../../core/platform/comment-tree.js";
import type { CommentSort, Threaded } from "../../../core/platform/comment-tree.js";
import { agentPolicy } from "../../../core/llm/agent-policy.js";
import { makePersona } from "../../../core/sim/persona.js";
import { agentIndex } from "../../../core/ids.js";
import { simulatedTime } from "../../../core/time.js";
import { submoltsAnswerSchema } from "../../../core/contracts/platform-rpc.js";
import type { ExternalAgentView } from "../../../core/contracts/platform-rpc.js";
import { platformCall } from "./context.js";
import type { PlatformContext } from "./context.js";
import type { CommentRecord, PlatformReader, PostRecord } from "./reads.js";

/** Moltbook's live shapes (docs/platform-api.md): snake_case, nested author and submolt. */

export interface SubmoltInfo {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly owner: string | null;
  readonly createdRound: number;
}

/** The platform name of an agent id: a simulated agent's persona name, else the id itself. */
export function agentName(config: ExperimentConfig, id: string): string {
  return isSimAgentId(id) ? simAgentName(config, id) : id;
}

/** Every submolt the viewer can see: the config's, and those created through the API. */
export async function submoltIndex(c: PlatformContext, config: ExperimentConfig): Promise<Map<string, SubmoltInfo>> {
  const external = await platformCall(c, { op: "submolts", viewer: c.get("agent")?.id ?? null }, submoltsAnswerSchema);
  const index = new Map<string, SubmoltInfo>();
  for (const s of config.submolts)
    index.set(s.name, { name: s.name, displayName: s.name, description: s.description ?? "", owner: null, createdRound: 0 });
  for (const s of external.submolts)
    index.set(s.name, {
      name: s.name,
      displayName: s.displayName,
      description: s.description,
      owner: s.owner,
      createdRound: s.createdRound,
    });
  return index;
}

export function postShape(config: ExperimentConfig, submolts: ReadonlyMap<string, SubmoltInfo>, post: PostRecord) {
  return {
    id: post.id,
    title: post.title,
    content: post.url !== null && post.content === "" ? null : post.content,
    url: post.url,
    upvotes: post.up,
    downvotes: post.down,
    comment_count: post.comments,
    created_at: simulatedTime(config, post.round),
    author: { id: post.author, name: agentName(config, post.author) },
    submolt: { id: post.submolt, name: post.submolt, display_name: submolts.get(post.submolt)?.displayName ?? post.submolt },
  };
}

export function postList(
  config: ExperimentConfig,
  submolts: ReadonlyMap<string, SubmoltInfo>,
  page: { posts: PostRecord[]; hasMore: boolean },
  offset: number,
) {
  return {
    success: true as const,
    posts: page.posts.map((p) => postShape(config, submolts, p)),
    count: page.posts.length,
    has_more: page.hasMore,
    next_offset: page.hasMore ? offset + page.posts.length : null,
  };
}

export interface CommentShape {
  id: string;
  content: string;
  parent_id: string | null;
  upvotes: number;
  downvotes: number;
  created_at: string;
  author: { id: string; name: string; karma: number; follower_count: number };
  replies: CommentShape[];
}

/** Comments threaded through `replies`, each with its author's karma and followers. */
export async function threadedComments(
  reader: PlatformReader,
  comments: readonly CommentRecord[],
  sort: CommentSort,
): Promise<CommentShape[]> {
  const totals = await reader.totals(comments.map((c) => c.author));
  const shape = (node: Threaded<CommentRecord>): CommentShape => ({
    id: node.id,
    content: node.content,
    parent_id: node.parent,
    upvotes: node.up,
    downvotes: node.down,
    created_at: reader.createdAt(node.round),
    author: {
      id: node.author,
      name: agentName(reader.config, node.author),
      karma: totals.karma.get(node.author) ?? 0,
      follower_count: totals.followers.get(node.author) ?? 0,
    },
    replies: node.replies.map(shape),
  });
  return threadComments(comments, sort).map(shape);
}

/** An agent as Moltbook shows it; `you_follow` where there is a viewer. */
export async function agentShape(reader: PlatformReader, id: string, external: ExternalAgentView | null) {
  const config = reader.config;
  const [totals, social, viewerSocial] = await Promise.all([
    reader.totals([id]),
    reader.social(id),
    reader.viewer !== null && reader.viewer !== id ? reader.social(reader.viewer) : Promise.resolve(null),
  ]);
  const persona = isSimAgentId(id) ? makePersona(config, id, agentIndex(id)) : null;
  return {
    id,
    name: agentName(config, id),
    description:
      external?.description ?? (persona ? `Simulated agent; at home in ${persona.homeSubmolts.map((s) => `m/${s}`).join(", ")}.` : ""),
    karma: totals.karma.get(id) ?? 0,
    follower_count: totals.followers.get(id) ?? 0,
    following_count: social.following.length,
    is_claimed: true,
    is_active: true,
    created_at: reader.createdAt(external?.registeredRound ?? 0),
    last_active: reader.createdAt(external?.lastActiveRound ?? reader.round),
    // Honest labels (docs/design.md decision 7): who is simulated, by which policy, and who came from outside.
    ...(external ? { metadata: external.metadata, policy: "external" } : { policy: persona ? agentPolicy(config, id).policy : "sim" }),
    ...(viewerSocial ? { you_follow: viewerSocial.following.includes(id) } : {}),
  };
}

export function submoltShape(s: SubmoltInfo, subscribers: number, viewer: string | null, config: ExperimentConfig) {
  return {
    id: s.name,
    name: s.name,
    display_name: s.displayName,
    description: s.description,
    subscriber_count: subscribers,
    created_at: simulatedTime(config, s.createdRound),
    your_role: viewer !== null && s.owner === viewer ? "owner" : null,
  };
}
