import type { SimAgentView } from "../../../../core/sim/sim-policy.js";

/** An agent that knows nothing yet: no follows, posts, partners, votes or memories. */
export const emptyView: SimAgentView = {
  follows: [],
  subscriptions: [],
  ownPosts: [],
  imitationWords: [],
  votedTargets: [],
  familiarity: new Map(),
  memories: [],
};
