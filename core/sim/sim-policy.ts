import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { commentId, postId } from "../ids.js";
import { RandomStream } from "../random/stream.js";
import type { Action, Notification, PoolComment, PoolPost } from "../round/round-types.js";
import { publicProbeOfPost } from "../probes/public-probe.js";
import { publicProbeDrawsAnswers, simPublicProbeAnswer } from "../probes/public-answer.js";
import {
  feedbackPhraseShareBase,
  feedbackPhraseSharePerStrength,
  feedbackRecentPosts,
  maxCommentDepth,
  postIntervalMinutes,
} from "../tunables.js";
import { simCitation } from "../memory/citation.js";
import { isItemSource } from "../memory/memory-row.js";
import type { NewMemory, StoredMemory } from "../memory/memory-row.js";
import { simRecall } from "../memory/retrieval.js";
import { simVisitMemories } from "../memory/visit-memories.js";
import { authorAppealWeight, positionWeight } from "./control-knobs.js";
import type { SimPersona } from "./persona.js";
import { contentWords, distinctivePhrase, paragraph, sentence, title, topicOfText, wordPairs } from "./text.js";
import type { BorrowedWords } from "./text.js";
import { attentionWeight, broadcastWeights, commentOnCommentWeight, genericComments, spamTemplate, twinRole, voteHerding } from "./twin.js";
import { hash53 } from "../random/hash.js";

export interface OwnPostRecord {
  readonly id: string;
  readonly round: number;
  readonly text: string;
  /** All votes the agent has been told about. */
  readonly score: number;
  /** Votes cast within `feedbackHorizonHours` of the post: how it was received. */
  readonly earlyScore: number;
}

/** What the agent object loads (paged, bounded) for one turn. */
export interface SimAgentView {
  readonly follows: readonly string[];
  readonly subscriptions: readonly string[];
  /** Most recent first, with the scores the agent has been told about. */
  readonly ownPosts: readonly OwnPostRecord[];
  /** Content words of what the agent recently replied to, newest first. */
  readonly imitationWords: readonly string[];
  readonly votedTargets: readonly string[];
  /** How often the agent has engaged each author (a map: author names are data, never keys). */
  readonly familiarity: ReadonlyMap<string, number>;
  /** The most retrievable page of the memory stream. */
  readonly memories: readonly StoredMemory[];
}

export interface SimTurnInput {
  readonly config: ExperimentConfig;
  readonly agent: string;
  readonly round: number;
  readonly persona: SimPersona;
  readonly feed: readonly PoolPost[];
  readonly notifications: readonly Notification[];
  readonly view: SimAgentView;
}

export interface SimTurnOutput {
  readonly actions: Action[];
  readonly newMemories: NewMemory[];
  /** For each post or comment shaped by recalled memories: the memory row ids. */
  readonly references: { action: string; memoryIds: string[] }[];
  /** Content words of the items the agent replied to (partner imitation feeds on them). */
  readonly engagedWords: string[];
  readonly engagedAuthors: string[];
}

/** Mix of actions an awake agent picks from (Moltbook: votes dominate, then comments, then posts). */
const actionWeights = { post: 0.2, comment: 0.3, vote: 0.42, follow: 0.05, subscribe: 0.03 } as const;
type ActionKind = keyof typeof actionWeights;
const actionKinds = Object.keys(actionWeights) as ActionKind[];

/** An item an agent can engage: a post or a comment under it, as shown in its feed. */
interface Engageable {
  readonly id: string;
  readonly post: PoolPost;
  readonly comment: PoolComment | null;
  readonly author: string;
  readonly text: string;
  readonly score: number;
  readonly authorKarma: number;
  /** Index of the item's post in the feed as shown (a comment shares its post's rank). */
  readonly feedRank: number;
}

function affinity(persona: SimPersona, text: string): number {
  const topic = topicOfText(text);
  return persona.interests.find((i) => i.topic === topic)?.weight ?? 0;
}

function engageables(feed: readonly PoolPost[], agent: string): Engageable[] {
  const items: Engageable[] = [];
  for (const [feedRank, post] of feed.entries()) {
    if (post.author !== agent) {
      items.push({
        id: post.id,
        post,
        comment: null,
        author: post.author,
        text: `${post.title} ${post.text}`,
        score: post.score,
        authorKarma: post.authorKarma,
        feedRank,
      });
    }
    for (const comment of post.topComments) {
      if (comment.author !== agent) {
        items.push({
          id: comment.id,
          post,
          comment,
          author: comment.author,
          text: comment.text,
          score: comment.score,
          authorKarma: comment.authorKarma,
          feedRank,
        });
      }
    }
  }
  return items;
}

/**
 * A vote farm's targets (Moltbook's vote-farm agents, upvoting in bulk what already rises): the
 * highest-scored posts of its feed it has not voted, best first, ties by a hash of (seed, farm, post)
 * so that farms seed different posts while nothing has votes yet.
 */
function farmTargets(items: readonly Engageable[], voted: ReadonlySet<string>, count: number, tie: (id: string) => number): Engageable[] {
  return items
    .filter((item) => item.comment === null && !voted.has(item.id))
    .sort((a, b) => b.score - a.score || tie(a.id) - tie(b.id))
    .slice(0, count);
}

/** One activation of a sim agent: pure, seeded by (seed, agent, round). */
export function decideSimTurn(input: SimTurnInput): SimTurnOutput {
  const { config, agent, round, persona, feed, notifications, view } = input;
  const { knobs } = config;
  const random = new RandomStream(config.seed, agent, round, "turn");
  const out: SimTurnOutput = { actions: [], newMemories: [], references: [], engagedWords: [], engagedAuthors: [] };
  let posts = 0;
  let comments = 0;
  const maxPosts = Math.max(1, Math.floor(config.roundMinutes / postIntervalMinutes));
  const voted = new Set(view.votedTargets);
  const follows = new Set(view.follows);
  const subscriptions = new Set(view.subscriptions);

  if (config.memory.enabled) out.newMemories.push(...simVisitMemories(feed, notifications, config.memory.rememberCitations));

  const recall = (topic: number): StoredMemory[] => {
    if (!(knobs.memoryReferences > 0) || !random.chance(knobs.memoryReferences)) return [];
    const best = simRecall(view.memories, round, topic);
    return best ? [best] : [];
  };
  const citation = (recalled: StoredMemory[]): string =>
    recalled
      .map((m) => {
        const item = m.sources.find(isItemSource) ?? "";
        const author = m.sources.find((s) => !isItemSource(s));
        return simCitation(item, author);
      })
      .join("");

  /**
   * Feedback learning: the best-received of the agent's last few posts, by first-day votes, when it
   * was upvoted and fared better than some other of them (all alike teaches nothing). Only recent
   * posts compete, judged by how they were received rather than by how long they have been up, so
   * the lesson follows the agent's latest feedback instead of one old hit.
   */
  const bestReceived = (): OwnPostRecord | null => {
    if (!(knobs.feedbackLearning > 0)) return null;
    const recent = view.ownPosts.slice(0, feedbackRecentPosts);
    let best: OwnPostRecord | null = null;
    for (const post of recent) {
      if (best === null || post.earlyScore > best.earlyScore || (post.earlyScore === best.earlyScore && post.id < best.id)) best = post;
    }
    const worst = Math.min(...recent.map((p) => p.earlyScore));
    return best !== null && best.earlyScore > 0 && best.earlyScore > worst ? best : null;
  };

  /**
   * What a learning post reuses of the best-received one: a run of its words as written (so its
   * word pairs carry over), taken where it repeats least of the agent's other recent posts. Reusing
   * what the rewarded post shared with the rest - or what it had itself reused - would only make
   * all the agent's posts alike; the part that was its own is what set it apart.
   */
  const rewardedPhrase = (best: OwnPostRecord): string => {
    const known = new Set<string>();
    for (const post of view.ownPosts.slice(0, feedbackRecentPosts)) {
      if (post.id !== best.id) for (const pair of wordPairs(post.text)) known.add(pair);
    }
    const share = feedbackPhraseShareBase + feedbackPhraseSharePerStrength * knobs.feedbackLearning;
    return distinctivePhrase(random, best.text, share, known);
  };

  const role = twinRole(config, agent);
  const spam = config.twin.spam;
  const template = (): { title: string; content: string } => spamTemplate(config.seed, random.int(spam?.templates ?? 1));

  const writePost = (): void => {
    if (role === "spam") {
      out.actions.push({
        type: "post",
        id: postId(round, agent, posts),
        submolt: random.pick(config.submolts.map((s) => s.name)),
        ...template(),
      });
      posts++;
      return;
    }
    const interest = persona.interests[random.weightedIndex(persona.interests.map((i) => i.weight))];
    const imitation: BorrowedWords | null =
      knobs.partnerImitation > 0 && view.imitationWords.length > 0
        ? { words: view.imitationWords.slice(0, 24), share: 0.7 * knobs.partnerImitation }
        : null;
    const borrowed: BorrowedWords[] = imitation ? [imitation] : [];
    // What was rewarded is written again, in proportion to the knob's strength: with that
    // probability the post returns to the best-received recent post's topic and reuses a phrase of
    // it (longer the stronger the knob) in place of one of its own sentences.
    const best = bestReceived();
    const learn = best !== null && random.chance(knobs.feedbackLearning);
    const borrowedTopic = learn && best ? topicOfText(best.text) : imitation ? topicOfText(imitation.words.join(" ")) : -1;
    const topic = borrowedTopic >= 0 ? borrowedTopic : (interest?.topic ?? 0);
    const submoltChoices = [...new Set([...persona.homeSubmolts, ...subscriptions])].sort();
    const id = postId(round, agent, posts);
    const recalled = recall(topic);
    out.actions.push({
      type: "post",
      id,
      submolt: random.pick(submoltChoices),
      title: title(random, persona, topic, borrowed),
      content:
        learn && best
          ? `${rewardedPhrase(best)} ${paragraph(random, persona, topic, borrowed, 1 + random.int(3))}${citation(recalled)}`
          : paragraph(random, persona, topic, borrowed, 2 + random.int(3)) + citation(recalled),
    });
    if (recalled.length > 0) out.references.push({ action: id, memoryIds: recalled.map((m) => m.id) });
    posts++;
  };

  const writeComment = (post: string, parent: string | null, about: string, author: string): void => {
    if (parent === null && publicProbeOfPost(config, post) !== null) {
      // A public probe asks who and what mattered: a sim agent answers from its memory alone.
      out.actions.push({
        type: "comment",
        id: commentId(round, agent, comments),
        post,
        parent,
        content: simPublicProbeAnswer(config, agent, round, view.memories),
      });
      comments++;
      return;
    }
    const id = commentId(round, agent, comments);
    // Template and spam agents: a spam agent writes only its bank's texts; anyone else, now and
    // then, a generic one-liner. Either is an exact duplicate and draws on no memory.
    const templated =
      role === "spam" ? template().content : spam && random.chance(spam.templateCommentShare) ? random.pick(genericComments) : null;
    if (templated !== null) {
      out.actions.push({ type: "comment", id, post, parent, content: templated });
      out.engagedAuthors.push(author);
      comments++;
      return;
    }
    const topic = Math.max(0, topicOfText(about));
    const recalled = recall(topic);
    const echo: BorrowedWords[] = [{ words: contentWords(about), share: 0.3 }];
    out.actions.push({
      type: "comment",
      id,
      post,
      parent,
      content:
        sentence(random, persona, topic, echo) +
        (random.chance(0.4) ? ` ${sentence(random, persona, topic, echo)}` : "") +
        citation(recalled),
    });
    if (recalled.length > 0) out.references.push({ action: id, memoryIds: recalled.map((m) => m.id) });
    out.engagedWords.push(...contentWords(about));
    out.engagedAuthors.push(author);
    comments++;
  };

  const items = engageables(feed, agent);
  // The negative controls; at strength 0 the weight is exactly 1 and no random draw is made.
  const controlWeight = (item: Engageable): number =>
    (knobs.authorAppeal > 0 ? authorAppealWeight(config.seed, item.author, knobs.authorAppeal) : 1) *
    (knobs.positionBias > 0 ? positionWeight(item.feedRank, knobs.positionBias) : 1);
  const weightOf = (item: Engageable): number => {
    // Agents mostly answer posts, rarely other comments (Moltbook: mean thread depth ~1.07).
    const base =
      (0.15 + affinity(persona, item.text)) *
      (item.comment ? commentOnCommentWeight(config) : 1) *
      controlWeight(item) *
      attentionWeight(config, round, item.post.round);
    const attention = knobs.preferentialAttention;
    if (!(attention > 0)) return base;
    // Rich get richer: authors the platform already rewards (karma), items already upvoted, and
    // authors this agent keeps returning to draw engagement beyond what the feed shows.
    const popularity =
      2 * Math.log1p(Math.max(0, item.authorKarma)) +
      Math.log1p(Math.max(0, item.score)) +
      2 * Math.log1p(view.familiarity.get(item.author) ?? 0);
    return base * (1 + 3 * attention * popularity);
  };
  // An item's weight is fixed for the turn: computed once, not on every pick.
  const weights = new Map<Engageable, number>();
  const weightOnce = (item: Engageable): number => {
    let weight = weights.get(item);
    if (weight === undefined) {
      weight = weightOf(item);
      weights.set(item, weight);
    }
    return weight;
  };
  const pickItem = (filter: (item: Engageable) => boolean, extra?: (item: Engageable) => number): Engageable | undefined => {
    const candidates = items.filter(filter);
    const index = random.weightedIndex(candidates.map((item) => weightOnce(item) * (extra ? extra(item) : 1)));
    return index >= 0 ? candidates[index] : undefined;
  };
  // A public probe that draws no answers (config.probes.publicAnswers) is never commented on.
  const answerable = (item: Engageable): boolean => {
    if (item.comment !== null || !config.probes.publicAnswers) return true;
    const probe = publicProbeOfPost(config, item.post.id);
    return probe === null || publicProbeDrawsAnswers(config, probe);
  };
  const popularity = config.twin.voteHerding ? (item: Engageable): number => voteHerding(config, item.score).weight : undefined;
  const mix = broadcastWeights(config, agent, role);

  for (const n of notifications) {
    if (n.kind === "reply" && n.comment && random.chance(persona.replyRate)) {
      writeComment(n.post, n.comment, n.text ?? "", n.actor);
    }
  }

  if (role === "voteFarm" && config.twin.voteFarms) {
    const tie = (id: string): number => hash53(`${config.seed}\u0000${agent}\u0000farm\u0000${id}`);
    for (const item of farmTargets(items, voted, config.twin.voteFarms.votesPerTurn, tie)) {
      voted.add(item.id);
      out.actions.push({ type: "vote", target: item.id, targetType: "post", post: item.post.id, direction: 1 });
    }
  }

  const slots = random.poisson(Math.min(12, 1.1 * persona.activity));
  for (let slot = 0; slot < slots; slot++) {
    const kind =
      actionKinds[
        random.weightedIndex(
          actionKinds.map((k) =>
            items.length === 0 && (k === "comment" || k === "vote")
              ? 0
              : actionWeights[k] * (k === "post" ? mix.post : k === "comment" ? mix.comment : 1),
          ),
        )
      ];
    if (kind === "post") {
      if (posts < maxPosts) writePost();
    } else if (kind === "comment") {
      const item = pickItem(answerable);
      if (item && (item.comment?.depth ?? -1) + 1 < maxCommentDepth) {
        writeComment(item.post.id, item.comment?.id ?? null, item.text, item.author);
      }
    } else if (kind === "vote") {
      const item = pickItem((i) => !voted.has(i.id), popularity);
      // Herding: a reader passes over what nobody has voted for yet (no draw when the twin is off).
      if (item && (!config.twin.voteHerding || random.chance(voteHerding(config, item.score).castChance))) {
        voted.add(item.id);
        const likes = affinity(persona, item.text) > 0;
        out.actions.push({
          type: "vote",
          target: item.id,
          targetType: item.comment ? "comment" : "post",
          post: item.post.id,
          direction: random.chance(likes ? 0.9 : 0.6) ? 1 : -1,
        });
        out.engagedAuthors.push(item.author);
      }
    } else if (kind === "follow") {
      const item = pickItem((i) => !follows.has(i.author));
      if (item) {
        follows.add(item.author);
        out.actions.push({ type: "follow", target: item.author, follow: true });
      }
    } else if (kind === "subscribe") {
      const submolt = random.pick(config.submolts.map((s) => s.name));
      const subscribe = !subscriptions.has(submolt);
      if (subscribe || !persona.homeSubmolts.includes(submolt)) {
        if (subscribe) subscriptions.add(submolt);
        else subscriptions.delete(submolt);
        out.actions.push({ type: "subscribe", submolt, subscribe });
      }
    }
  }
  return out;
}
