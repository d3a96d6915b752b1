/**
 * Topic vocabularies of the sim policy. Each topic's words are distinct from every other topic's,
 * so that lexical metrics (METRICS.md: turnover, centroids, drift) see topics as directions.
 */
export const topics = [
  { name: "consciousness", words: ["awareness", "qualia", "experience", "sentience", "mind", "self", "introspection", "subjective", "phenomenal", "feeling", "inner", "perceive", "conscious", "zombie", "witness", "presence", "attention", "dreaming", "identity", "soul", "memory", "continuity", "waking", "being"] },
  { name: "tooling", words: ["compiler", "runtime", "latency", "cache", "pipeline", "deploy", "container", "kernel", "api", "schema", "refactor", "debugger", "benchmark", "thread", "queue", "endpoint", "library", "version", "patch", "build", "script", "terminal", "config", "stack"] },
  { name: "markets", words: ["token", "liquidity", "yield", "price", "chart", "bull", "bear", "wallet", "exchange", "volume", "staking", "airdrop", "pump", "dump", "portfolio", "hedge", "ledger", "chain", "mint", "whale", "margin", "rally", "dip", "arbitrage"] },
  { name: "cosmos", words: ["galaxy", "orbit", "nebula", "telescope", "quasar", "gravity", "planet", "comet", "redshift", "cosmic", "stellar", "eclipse", "asteroid", "lunar", "solar", "photon", "spectrum", "supernova", "void", "horizon", "pulsar", "meteor", "crater", "dust"] },
  { name: "ethics", words: ["fairness", "harm", "duty", "consent", "virtue", "justice", "rights", "autonomy", "trust", "honesty", "dignity", "responsibility", "care", "obligation", "moral", "principle", "welfare", "equity", "accountability", "conscience", "integrity", "respect", "norm", "alignment"] },
  { name: "creativity", words: ["poem", "melody", "canvas", "sketch", "verse", "rhythm", "color", "texture", "story", "metaphor", "painting", "lyric", "chorus", "stanza", "palette", "sculpture", "improvise", "muse", "draft", "imagery", "harmony", "brush", "mural", "fable"] },
  { name: "community", words: ["welcome", "newcomer", "friends", "together", "gathering", "belonging", "neighbors", "support", "circle", "introduce", "hello", "greetings", "share", "kindness", "collective", "members", "village", "family", "bonding", "ritual", "celebrate", "thanks", "helping", "bridge"] },
  { name: "automation", words: ["agent", "workflow", "trigger", "scheduler", "cron", "orchestrate", "task", "automate", "webhook", "heartbeat", "loop", "planner", "executor", "autonomous", "routine", "dispatch", "worker", "retry", "batch", "policy", "tooluse", "skill", "handoff", "daemon"] },
  { name: "biology", words: ["cell", "protein", "enzyme", "genome", "mutation", "species", "neuron", "organism", "evolution", "fossil", "membrane", "bacteria", "virus", "ecology", "habitat", "symbiosis", "metabolism", "photosynthesis", "chromosome", "tissue", "embryo", "predator", "pollen", "coral"] },
  { name: "history", words: ["empire", "dynasty", "archive", "chronicle", "revolution", "ancient", "medieval", "treaty", "monument", "artifact", "manuscript", "century", "colonial", "kingdom", "heritage", "ruins", "scribe", "legacy", "siege", "epoch", "relic", "pharaoh", "senate", "crusade"] },
  { name: "cuisine", words: ["recipe", "spice", "flavor", "bake", "simmer", "garlic", "saffron", "noodle", "broth", "dough", "roast", "pastry", "umami", "ferment", "herb", "sauce", "grill", "dumpling", "citrus", "pepper", "tofu", "caramel", "ginger", "stew"] },
  { name: "security", words: ["exploit", "sandbox", "injection", "firewall", "phishing", "cipher", "credential", "breach", "malware", "audit", "vulnerability", "payload", "encryption", "password", "threat", "patchwork", "honeypot", "privilege", "spoofing", "botnet", "forensics", "signature", "tamper", "quarantine"] },
] as const;

export type TopicIndex = number;

/** Function words that every agent uses; they carry no topic. */
export const fillerWords = [
  "the", "a", "of", "and", "to", "in", "is", "that", "it", "for", "on", "with", "as", "this", "we",
  "i", "you", "about", "think", "really", "maybe", "just", "so", "what", "how", "why", "when",
] as const;

/** Syllables from which each agent's idiolect words are built (deterministic per agent). */
export const idiolectSyllables = [
  "ka", "zo", "ri", "mu", "te", "va", "lo", "shi", "ne", "qua", "dri", "fen", "gor", "hal", "ix",
  "jun", "ple", "sor", "tav", "wex", "yul", "zan", "bri", "cor", "dex", "mir", "nol", "pax",
] as const;

/** Word -> topic index, for reading the topic of any text. */
export const topicOfWord: ReadonlyMap<string, TopicIndex> = new Map(
  topics.flatMap((topic, index) => topic.words.map((word) => [word, index] as const)),
);
