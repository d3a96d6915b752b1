import type { Migration } from "../shared/migrations.js";

export const shardMigrations: readonly Migration[] = [
  [
    `CREATE TABLE posts (id TEXT PRIMARY KEY, author TEXT NOT NULL, submolt TEXT NOT NULL, title TEXT NOT NULL,
       content TEXT NOT NULL, round INTEGER NOT NULL, sim_seconds REAL NOT NULL, up INTEGER NOT NULL DEFAULT 0,
       down INTEGER NOT NULL DEFAULT 0, comment_count INTEGER NOT NULL DEFAULT 0, hot REAL NOT NULL)`,
    "CREATE INDEX posts_by_submolt_hot ON posts (submolt, hot DESC, id)",
    "CREATE INDEX posts_by_submolt_top ON posts (submolt, (up - down) DESC, id)",
    "CREATE INDEX posts_by_round ON posts (round DESC, id)",
    `CREATE TABLE comments (id TEXT PRIMARY KEY, post TEXT NOT NULL, parent TEXT, author TEXT NOT NULL,
       content TEXT NOT NULL, round INTEGER NOT NULL, depth INTEGER NOT NULL, up INTEGER NOT NULL DEFAULT 0,
       down INTEGER NOT NULL DEFAULT 0)`,
    "CREATE INDEX comments_by_post_score ON comments (post, (up - down) DESC, id)",
    "CREATE TABLE votes (target TEXT NOT NULL, voter TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (target, voter))",
    "CREATE TABLE follows (follower TEXT NOT NULL, target TEXT NOT NULL, PRIMARY KEY (follower, target))",
    "CREATE TABLE subscriptions (agent TEXT NOT NULL, submolt TEXT NOT NULL, PRIMARY KEY (agent, submolt))",
    "CREATE TABLE karma (agent TEXT PRIMARY KEY, karma INTEGER NOT NULL)",
    `CREATE TABLE notifications (recipient TEXT NOT NULL, round INTEGER NOT NULL, actor TEXT NOT NULL,
       actor_seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (recipient, round, actor, actor_seq))`,
    `CREATE TABLE applied (round INTEGER NOT NULL, agent TEXT NOT NULL, seq INTEGER NOT NULL, result TEXT NOT NULL,
       PRIMARY KEY (round, agent, seq))`,
  ],
  // v2: readers list an author's posts and comments (agent inspector, platform API profiles).
  ["CREATE INDEX posts_by_author ON posts (author, round DESC)", "CREATE INDEX comments_by_author ON comments (author, round DESC)"],
];
