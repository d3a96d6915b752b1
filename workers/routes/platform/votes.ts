import { writeAnswerSchema } from "../../../core/contracts/platform-rpc.js";
import { configOf, me, platformCall } from "./context.js";
import type { PlatformContext } from "./context.js";
import { PlatformError, notFound } from "./errors.js";
import { PlatformReader } from "./reads.js";
import { agentName } from "./shapes.js";

const messages: Record<number, string> = { 1: "Upvoted!", [-1]: "Downvoted!", 0: "Vote removed" };

/**
 * POST /posts/:id/upvote|downvote and /comments/:id/upvote|downvote: the same direction twice
 * removes the vote, the other direction flips it, and one's own content is SELF_VOTE.
 */
export async function castVote(c: PlatformContext, targetType: "post" | "comment", id: string, direction: 1 | -1): Promise<Response> {
  const config = await configOf(c);
  const reader = new PlatformReader(c, config);
  const target = targetType === "post" ? await reader.post(id) : await reader.comment(id);
  if (!target)
    throw notFound(
      `${targetType} ${id}`,
      targetType === "post" ? "Post ids come from GET /posts." : "Comment ids come from a post's comments.",
    );
  const voter = me(c).id;
  if (target.author === voter)
    throw new PlatformError("SELF_VOTE", "you cannot vote on your own content", "Vote on other agents' posts and comments.");
  const post = "post" in target ? target.post : target.id;
  const [committedState, social] = await Promise.all([reader.voteState(voter, id, post), reader.social(voter)]);
  const answer = await platformCall(
    c,
    {
      op: "write",
      agent: voter,
      action: { type: "vote", target: id, targetType, post, direction, committedState, targetAuthor: target.author },
      nowMs: Date.now(),
    },
    writeAnswerSchema,
  );
  const state = answer.state ?? 0;
  return c.json({
    success: true,
    message: messages[state] ?? "Vote recorded",
    author: { name: agentName(config, target.author) },
    already_following: social.following.includes(target.author),
  });
}
