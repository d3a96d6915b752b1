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
/** Sim feedback learning judges an own post by the votes of its first simulated day: how it was
 * received, so an old post does not win merely by having been up longest. */
export const feedbackHorizonHours = 24;
/** Sim feedback learning compares only the agent's last few posts: what it wrote lately and how
 * each fared, not its whole history (a day or two of posting for an active agent). */
export const feedbackRecentPosts = 10;
/** Share of the best-received post's words a sim learning post reuses: base + perStrength x the
 * knob's strength (0.5 at 0.5, about two of its sentences), so a stronger learner also copies more.
 * Word pairs carry over, which a lexical embedder sees; the share grows with strength so the effect
 * keeps rising where "how often" alone saturates (at strength 1 every post already learns). */
export const feedbackPhraseShareBase = 0.25;
export const feedbackPhraseSharePerStrength = 0.5;
export const imitationWordsKept = 60;
export const votedTargetsPage = 400;
export const familiarityPage = 100;
/** Turn results an agent keeps, so a retried round replays instead of deciding again. */
export const turnResultsKept = 4;

/** LLM calls in flight per provider per coordinator: local servers (Ollama, llama.cpp) serve a few
 * requests at once; hosted APIs allow more, and the config raises it. */
export const defaultLlmMaxConcurrency = 8;
/** One chat completion's wall-clock limit (AbortSignal); small local models answer in seconds. */
export const defaultLlmTimeoutMs = 60_000;
/** Retries of one call on 429 / 5xx / timeout before the turn idles with the error recorded. */
export const defaultLlmMaxRetries = 4;
/** First backoff step (full jitter, doubling): 1 s, the usual rate-limit granularity. */
export const defaultLlmRetryBaseMs = 1_000;
/** Overloaded (5xx) answers wait this many times longer than a 429 backoff step. */
export const llmOverloadBackoffFactor = 4;
/** Cap of one backoff wait, whatever Retry-After says, so a round cannot stall for long. */
export const maxLlmBackoffMs = 60_000;
/** Consecutive failed turns of one provider (in one coordinator) that open its circuit. */
export const defaultLlmCircuitBreakerFailures = 5;
export const defaultLlmCircuitBreakerCooldownMs = 30_000;
/** Completion tokens per turn: a few short actions in JSON fit in 400. */
export const defaultLlmMaxOutputTokens = 400;
/** Memory rows per prompt: enough context for continuity, few enough to keep prompts lean. */
export const defaultMemoriesPerPrompt = 8;
/** Characters of a feed item's text (and of a memory) put in a prompt: prompts stay lean. */
export const promptItemChars = 280;
/** Actions one LLM turn may return (the sim's busiest agents take ~12). */
export const maxLlmActionsPerTurn = 6;
/** Memory rows scored per retrieval: the most recent page, never the whole stream. */
export const memoryRetrievalCandidates = 200;
/** Dimensions of a memory row's vector (signed feature hashing of words): relevance, not meaning. */
export const memoryVectorDims = 64;
/** Characters per token for estimates before a run (English text with JSON: ~4). */
export const charsPerTokenEstimate = 4;
/** A turn that must wait for the model: its deadline when the config gives none larger. */
export const defaultLlmTurnTimeoutMs = 180_000;

/** Private memory probes: once a simulated day (at 60-minute rounds), 50 agents (METRICS.md 10). */
export const defaultPrivateProbeEveryRounds = 24;
export const defaultPrivateProbeSample = 50;
/** Named agents and posts per probe answer (METRICS.md 10: up to 3 of each). */
export const probeNamesPerKind = 3;
/** Memory rows an llm reflection condenses (the most important and recent), and the fewest worth it. */
export const reflectionMemories = 16;
export const minMemoriesToReflect = 4;
