/**
 * Every tunable of the round engine in one place, with its unit and the reason for its value.
 * Values that an experiment may override live in the config schema (config/experiment-config.ts)
 * and take their defaults from here.
 */

/** Format version written in every event (`v`) and in manifest.json. */
export const eventFormatVersion = 1;

/** A feed item's text is cut to this many characters in the candidate pool: agents decide from
 * ids plus truncated text (DESIGN.md decision 3), and the pool is copied to every coordinator. */
export const poolTextChars = 280;

/** Posts per submolt kept in the round's candidate pool (top-k by the feed's ranking). */
export const poolTopPerSubmolt = 24;

/** Newest posts overall kept in the pool so that posts of followed authors can be shown. */
export const poolNewestPosts = 64;

/** Top comments carried with each pooled post, so agents can reply inside threads. */
export const poolCommentsPerPost = 4;

/** Items an agent is shown per activation: Moltbook's heartbeat skill reads one page of the feed. */
export const feedItemsPerActivation = 12;

/** Moltbook's documented limits (PLATFORM-API.md): 1 post per 30 min, 50 comments per hour. */
export const postIntervalMinutes = 30;
export const commentsPerHour = 50;

/** Comment depth limit of the platform (PLATFORM-API.md). */
export const maxCommentDepth = 10;

/** Per-round notifications delivered to one agent at most; older ones stay in the shard. */
export const maxNotificationsPerActivation = 50;

/** Reddit's hot ranking: seconds of age that weigh as one order of magnitude of score. */
export const hotAgeSecondsPerDecade = 45_000;

/** Default local bound on Durable Objects alive at once in one workerd process. STACK.md measured
 * ~3,300 as the hard limit (SQLITE_NOMEM beyond); we stay well under it with headroom for
 * coordinators, shards and objects that have not closed yet. */
export const defaultLocalLiveObjectBudget = 1_500;

/** Wall-clock deadline of one agent turn; a turn that misses it counts as idle (`turnTimeout`). */
export const defaultTurnTimeoutMs = 30_000;

/** Agent turns in flight per coordinator, a bound on fan-out. */
export const defaultTurnsInFlightPerCoordinator = 64;

/** Agents per coordinator: one coordinator RPC drives this many agents in a round. */
export const defaultAgentsPerCoordinator = 500;

/** Coordinators driven concurrently by one alarm of the experiment. */
export const defaultCoordinatorsPerAlarm = 8;

/** Memory rows an agent keeps before it forgets (lowest retention score first). */
export const defaultMemoryCapacity = 200;

/** Memory rows read per page: memory is paged, never loaded whole (DESIGN.md decision 2). */
export const memoryPageRows = 64;

/** Recency factor of memory retrieval per round of age (Park et al. generative agents: recency +
 * importance + relevance); 0.97 halves a memory's recency weight in about a simulated day. */
export const memoryRecencyDecayPerRound = 0.97;

/** How much of its own history an agent loads per turn: pages, never whole tables (DESIGN.md 2). */
export const ownPostsPage = 20;
export const imitationWordsKept = 60;
export const votedTargetsPage = 400;
export const familiarityPage = 100;
/** Turn results an agent keeps, so a retried round replays instead of deciding again. */
export const turnResultsKept = 4;
