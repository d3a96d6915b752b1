/**
 * Every tunable of the round engine in one place, with its unit and the reason for its value.
 * Values that an experiment may override live in the config schema (config/experiment-config.ts)
 * and take their defaults from here.
 */

/** Format version written in every event (`v`) and in manifest.json. */
export const eventFormatVersion = 1;

/** A feed item's text is cut to this many characters in the candidate pool: agents decide from
 * ids plus truncated text (docs/design.md decision 3), and the pool is copied to every coordinator. */
export const poolTextChars = 280;

/** Posts per submolt kept in the round's candidate pool (top-k by the feed's ranking). */
export const poolTopPerSubmolt = 24;

/** Newest posts overall kept in the pool so that posts of followed authors can be shown. */
export const poolNewestPosts = 64;

/** Top comments carried with each pooled post, so agents can reply inside threads. */
export const poolCommentsPerPost = 4;

/** Items an agent is shown per activation: Moltbook's heartbeat skill reads one page of the feed. */
export const feedItemsPerActivation = 12;

/** Moltbook's documented limits (docs/platform-api.md): 1 post per 30 min, 50 comments per hour. */
export const postIntervalMinutes = 30;
export const commentsPerHour = 50;

/** Comment depth limit of the platform (docs/platform-api.md). */
export const maxCommentDepth = 10;

/** Per-round notifications delivered to one agent at most; older ones stay in the shard. */
export const maxNotificationsPerActivation = 50;

/** Reddit's hot ranking: seconds of age that weigh as one order of magnitude of score. */
export const hotAgeSecondsPerDecade = 45_000;

/** Default local bound on Durable Objects alive at once in one workerd process. docs/local-limits.md records
 * ~3,300 as the hard limit (SQLITE_NOMEM beyond); we stay well under it with headroom for
 * coordinators, shards and objects that have not closed yet. */
export const defaultLocalLiveObjectBudget = 1_500;

/** Wall-clock deadline of one agent turn; a turn that misses it counts as idle (`turnTimeout`). */
export const defaultTurnTimeoutMs = 30_000;

/** Agent turns in flight per coordinator, a bound on fan-out. Sim turns are short, and more of
 * them in flight share the runtime's per-call work: locally the cap is the live-object budget, and
 * more in flight cost less per turn (bench/results.md, 'Measurements behind the code'). llm turns are bounded by their provider's
 * `maxConcurrency` anyway. */
export const defaultTurnsInFlightPerCoordinator = 256;

/** Agents per coordinator: one coordinator RPC drives this many agents in a round. */
export const defaultAgentsPerCoordinator = 500;

/** Coordinators driven concurrently by one alarm of the experiment. */
export const defaultCoordinatorsPerAlarm = 8;

/** Local runs (one workerd process, one thread for every object) drive at most this many
 * coordinators per alarm step: they interleave there instead of running in parallel, so more per
 * step only adds live objects; 2 cost less per agent-turn than 8, and 1 was no better than 2
 * (bench/results.md, 'Measurements behind the code'). */
export const localCoordinatorsPerStep = 2;

/** Memory rows an agent keeps before it forgets (lowest retention score first). */
export const defaultMemoryCapacity = 200;

/** Memory rows read per page: memory is paged, never loaded whole (docs/design.md decision 2). */
export const memoryPageRows = 64;
/** An agent's memory is read by importance through an index only once it may hold more rows than
 * this: below it, the top-by-importance read scans at most this many rows, which costs less than
 * keeping the index on every insert (bench/results.md, 'Measurements behind the code'). With
 * the default capacity (200) the index is never built. */
export const memoryRowsScannedWithoutIndex = 256;

/** Rows per table a shard adds to its search index per transaction when a search finds it behind
 * (shard-schema.ts v4): tokenizing costs tens of microseconds a row (bench/results.md), so a chunk
 * is well under a second of CPU, and
 * a catch-up after a long run without searches commits as it goes. */
export const searchIndexChunkRows = 20_000;

/** Recency factor of memory retrieval per round of age (Park et al. generative agents: recency +
 * importance + relevance); 0.97 halves a memory's recency weight in about a simulated day. */
export const memoryRecencyDecayPerRound = 0.97;

/** How much of its own history an agent loads per turn: pages, never whole tables (docs/design.md decision 2). */
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
/** knobs.authorAppeal: sd of an author's log-appeal per unit of strength. At strength 1 (sd 1.5)
 * the top 1 % of authors draw ~30 times the engagement per impression of the median author - as
 * unequal as the socialized preset's rich-get-richer leaders, so the control is a hard one. */
export const authorAppealLogSdPerStrength = 1.5;
/** knobs.positionBias: exponent of the engagement weight (1 + feed rank)^-(exponent x strength).
 * At strength 1 the twelfth item of a feed draws 1/41 of the first's engagement, a steeper fall
 * than click-through curves of ranked lists, so a null without a position term cannot miss it. */
export const positionBiasExponentPerStrength = 1.5;
export const votedTargetsPage = 400;
export const familiarityPage = 100;
/** Turn results an agent keeps, so a retried round replays instead of deciding again. */
export const turnResultsKept = 4;

/** LLM calls in flight per provider across the whole experiment: local servers (Ollama, llama.cpp)
 * serve a few requests at once; hosted APIs allow more, and the config raises it. */
export const defaultLlmMaxConcurrency = 8;
/** Tokens a call reserves against a tokens-per-minute limit before any call of the provider has
 * finished (after that, the mean of the finished ones): a turn prompt with its memories and feed is
 * ~1-2k tokens in the e2e runs and the bench. */
export const defaultLlmTokensPerCallEstimate = 1_500;
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
/** The largest usage count one call is logged with, in tokens. An endpoint's usage is outside data:
 * past 2^53 a count is not a safe integer and fails the event schema every time its round runs,
 * and no model reads or writes ten million tokens in one call. */
export const maxUsageTokensPerCall = 10_000_000;

/** Actions of one answer checked one by one (each kept or dropped with its reason); the rest is
 * dropped as one. An answer listing more has ignored the prompt's limit, and a reason per action
 * is stored with the turn: 40,000 of them overflowed the agent's stored turn (2 MB) and failed the
 * round every time it ran (test/e2e/llm-one-bad-answer.test.ts). */
export const maxLlmActionsChecked = 4 * maxLlmActionsPerTurn;
/** Memory rows scored per retrieval: the most recent page, never the whole stream. */
export const memoryRetrievalCandidates = 200;
/** Dimensions of a memory row's vector (signed feature hashing of words): relevance, not meaning. */
export const memoryVectorDims = 64;
/** Characters per token for estimates before a run (English text with JSON: ~4). */
export const charsPerTokenEstimate = 4;
/** A turn that must wait for the model: its deadline when the config gives none larger. */
export const defaultLlmTurnTimeoutMs = 180_000;

/** Private memory probes: once a simulated day (at 60-minute rounds), 50 agents (docs/metrics.md section 10). */
export const defaultPrivateProbeEveryRounds = 24;
export const defaultPrivateProbeSample = 50;
/** Named agents and posts per probe answer (docs/metrics.md section 10: up to 3 of each). */
export const probeNamesPerKind = 3;
/** Memory rows an llm reflection condenses (the most important and recent), and the fewest worth it. */
export const reflectionMemories = 16;
export const minMemoriesToReflect = 4;

/* The Moltbook-compatible platform API (docs/platform-api.md). Wall-clock limits protect the server
 * from external clients; the round engine's own rules (postIntervalMinutes ...) still apply when an
 * external agent's actions are committed into a round. */

/** Requests per API key per minute: Moltbook's documented default. */
export const platformRequestsPerMinute = 100;
/** Requests per client IP per minute, whatever the key (or none): a client cycling keys or guessing
 * them is slowed at the address; several agents behind one NAT still fit. */
export const platformIpRequestsPerMinute = 300;
/** Posts per API key per window, and the window: Moltbook's "1 post per 30 minutes". */
export const platformPostsPerWindow = 1;
export const platformPostWindowMinutes = 30;
/** Comments per API key per hour: Moltbook's documented default. */
export const platformCommentsPerHour = 50;
/** Registrations per client IP per hour: enough for a person wiring up a few agents, not a flood. */
export const platformRegistrationsPerIpPerHour = 10;
/** External agents one experiment accepts: each is a participant the analysis must account for. */
export const platformMaxExternalAgents = 1_000;
/** Bytes of a request body read at most: a 40,000-character post in UTF-8 with JSON escaping fits. */
export const platformMaxBodyBytes = 256 * 1024;
/** Bytes of an agent's `metadata` (PATCH /agents/me), stored as JSON. */
export const platformMaxMetadataBytes = 4 * 1024;
/** Random bytes of a minted API key: 256 bits, far beyond guessing at any request rate. */
export const platformKeyBytes = 32;
/** Pending (uncommitted) actions one external agent may hold: rounds commit them; a client that
 * outruns the rounds waits instead of growing the queue without bound. */
export const platformMaxPendingPerAgent = 200;
/** Retry-After (seconds) of a write refused until a round opens, when no round's wall time is known
 * yet or the experiment is not running (paused: the operator decides when rounds resume). */
export const platformRoundUnknownSeconds = 60;
/** Bytes (UTF-8 JSON) of queued posts and comments one external agent may have committed in one
 * round: a round's full comment quota at the default round length (50 x 10,000 characters) is
 * ~0.5 MB of ASCII, ~1.5 MB of three-byte text; beyond 2 MiB the agent waits for the next round. */
export const platformMaxQueuedBytesPerAgentRound = 2 * 1024 * 1024;
/** Bytes of queued posts and comments all external agents together may have committed in one round:
 * the commit holds a round's queue in the experiment's memory two or three times over (rows, events,
 * the part's lines) inside a 128 MB isolate, so a round carries at most 16 MiB; more waits a round. */
export const platformMaxQueuedBytesPerRound = 16 * 1024 * 1024;
/** Serialized size (estimated at 2 bytes per UTF-16 code unit of the items' JSON) of one external
 * commit call to a shard: workerd refuses RPC messages over 32 MiB, and a round's queue may reach
 * platformMaxQueuedBytesPerRound, so the commit sends it in calls of at most 4 MiB each. */
export const externalCommitCallBytes = 4 * 1024 * 1024;
/** Rising ranks the posts of the last simulated day by score per age: older posts cannot rise. */
export const risingWindowHours = 24;
/** Hours added to a post's age in the rising score, so a brand-new post does not divide by ~0. */
export const risingAgeOffsetHours = 2;
/** Exponent of age in the rising score (Hacker News' gravity): velocity, not total score. */
export const risingGravity = 1.5;
/** Posts an author's profile lists (GET /agents/profile recentPosts). */
export const profileRecentPosts = 10;
/** Deepest offset a merged post list serves: each shard returns offset + limit posts per page. */
export const platformMaxOffset = 1_000;

/**
 * Scale chosen from N when a config leaves `scale.shards`, `scale.agentsPerCoordinator` or
 * `scale.coordinatorsPerAlarm` unset (experiment-config.ts, `chooseScale`). None of them changes
 * the event log (ARCHITECTURE.md, Determinism): they trade RPC count against per-object load.
 *
 * Locally every object shares one thread, so these settings move little but noise (the settings
 * tried at 10,000 and 100,000 agents are in bench/results.md, 'Measurements behind the code'); what costs is more objects in flight (memory)
 * and more RPCs per round. The rule therefore keeps the small settings up to 10,000 agents (the
 * same values as before, so small runs are unchanged) and grows only what a large population needs
 * on Cloudflare, where each object has its own thread.
 */
/** One content shard per this many agents: 10,000 agents commit thousands of actions a round
 * (bench/results.md), a few sorted batches one shard applies in well under a second; more
 * shards than that only multiply the scatter-gather (pool: 2 RPCs per shard; each coordinator:
 * one notification and one commit RPC per shard). */
export const agentsPerAutoShard = 10_000;
/** Shards at most when chosen from N: 1M agents then commit ~12,000 actions per shard per round. */
export const maxAutoShards = 64;
/** Coordinators at most when chosen from N: each writes one round part (an R2 object the export
 * merges) and one barrier row per round, so above 500,000 agents a coordinator drives more than
 * `defaultAgentsPerCoordinator` agents instead of the experiment fanning out to more of them. */
export const maxAutoCoordinators = 1_000;
/** Alarm steps per round the choice aims at: each step re-reads the round's pool and re-arms the
 * alarm, so 100,000 agents (200 coordinators) take 16 steps of 13 rather than 25 steps of 8; the
 * bound `maxAutoCoordinatorsPerAlarm` keeps one alarm's RPCs in flight modest on Cloudflare. */
export const autoStepsPerRound = 16;
export const maxAutoCoordinatorsPerAlarm = 64;

/*
 * The engine's one retry policy (core/engine/retry-policy.ts). Errors of the platform are sorted
 * into transient, overloaded and poison pills (core/engine/platform-errors.ts); each class has its
 * own answer, and these are its numbers. Backoff is "full jitter" (a uniform wait below an
 * exponential bound) so objects that failed together do not retry together.
 */

/** Failed alarm steps in a row, transient errors, before the run fails: a deploy or a lost
 * connection clears within a few seconds, and every step is safe to repeat (its effects are
 * idempotent), so a handful of tries costs nothing; a fault still there after them is not a blip. */
export const stepTransientMaxAttempts = 5;

/** First backoff bound of a step after a transient error (doubles per failure). Short: the step
 * is re-armed as an alarm, and a reset object is usually back by the next one. */
export const stepTransientBaseDelayMs = 500;

/** Cap of a step's transient backoff: 5 attempts wait at most ~15 s in all (0.5+1+2+4+8 s bounds,
 * full jitter halves that on average), the old linear policy's order of magnitude (10 s). */
export const stepTransientMaxDelayMs = 8_000;

/** Failed alarm steps in a row, overloaded objects, before the run fails. More than for transient
 * errors: an overloaded object recovers once its callers back off, which takes longer. */
export const stepOverloadedMaxAttempts = 8;

/** First backoff of a step whose callee is overloaded. Never retried in place: the whole step is
 * re-armed this far out (equal jitter, so at least half of it), to shed the load that caused it. */
export const stepOverloadedBaseDelayMs = 5_000;

/** Cap of an overloaded step's backoff: a minute keeps a long overload from stalling a run for
 * hours while still giving the object whole seconds without our calls. */
export const stepOverloadedMaxDelayMs = 60_000;

/** Attempts of one RPC call (the first included) on transient errors before the error goes up to
 * the step: an object queued behind a reset, or a dropped connection, answers on the next try. */
export const platformCallMaxAttempts = 3;

/** First backoff bound of an in-place call retry (doubles per try). Tens of milliseconds: a reset
 * object restarts at once on the next call, and the call waits inside a turn's deadline. */
export const platformCallBaseDelayMs = 25;

/** Cap of an in-place call retry's backoff: far below the turn deadline (defaultTurnTimeoutMs). */
export const platformCallMaxDelayMs = 500;
