import type { Migration } from "../common/migrations.js";

// The storage format these migrations implement, and how it may change: docs/storage.md.

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
  // v3: the platform API (docs/platform-api.md). Link posts keep their url; follower and subscriber
  // counts are read by target; ranked search uses FTS5 over posts and comments as external-content
  // tables (the text is not stored twice), kept in step by triggers so the commit path is unchanged.
  [
    "ALTER TABLE posts ADD COLUMN url TEXT",
    "CREATE INDEX follows_by_target ON follows (target)",
    "CREATE INDEX subscriptions_by_submolt ON subscriptions (submolt)",
    "CREATE VIRTUAL TABLE posts_fts USING fts5(title, content, content='posts', content_rowid='rowid', tokenize='porter unicode61')",
    "CREATE VIRTUAL TABLE comments_fts USING fts5(content, content='comments', content_rowid='rowid', tokenize='porter unicode61')",
    "INSERT INTO posts_fts (posts_fts) VALUES ('rebuild')",
    "INSERT INTO comments_fts (comments_fts) VALUES ('rebuild')",
    `CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
       INSERT INTO posts_fts (rowid, title, content) VALUES (new.rowid, new.title, new.content); END`,
    `CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
       INSERT INTO posts_fts (posts_fts, rowid, title, content) VALUES ('delete', old.rowid, old.title, old.content); END`,
    `CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
       INSERT INTO comments_fts (rowid, content) VALUES (new.rowid, new.content); END`,
    `CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
       INSERT INTO comments_fts (comments_fts, rowid, content) VALUES ('delete', old.rowid, old.content); END`,
  ],
  // v4: the search index catches up when it is searched (`catchUpSearchIndex`), not on every insert:
  // tokenizing each post and comment in the commit path was most of a shard's apply cost
  // (bench/results.md, 'Measurements behind the code') for an index only the platform API's search
  // reads. `fts_progress` is the highest rowid indexed per table; a delete removes a row from the
  // index only if it was indexed, and lowers the mark to the table's highest rowid, so a rowid reused
  // after deleting the last row is indexed again.
  [
    "DROP TRIGGER posts_fts_insert",
    "DROP TRIGGER comments_fts_insert",
    "DROP TRIGGER posts_fts_delete",
    "DROP TRIGGER comments_fts_delete",
    "CREATE TABLE fts_progress (name TEXT PRIMARY KEY, indexed_upto INTEGER NOT NULL)",
    "INSERT INTO fts_progress (name, indexed_upto) SELECT 'posts', COALESCE(MAX(rowid), 0) FROM posts",
    "INSERT INTO fts_progress (name, indexed_upto) SELECT 'comments', COALESCE(MAX(rowid), 0) FROM comments",
    `CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
       INSERT INTO posts_fts (posts_fts, rowid, title, content) SELECT 'delete', old.rowid, old.title, old.content
         WHERE old.rowid <= (SELECT indexed_upto FROM fts_progress WHERE name = 'posts');
       UPDATE fts_progress SET indexed_upto = MIN(indexed_upto, (SELECT COALESCE(MAX(rowid), 0) FROM posts)) WHERE name = 'posts';
     END`,
    `CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
       INSERT INTO comments_fts (comments_fts, rowid, content) SELECT 'delete', old.rowid, old.content
         WHERE old.rowid <= (SELECT indexed_upto FROM fts_progress WHERE name = 'comments');
       UPDATE fts_progress SET indexed_upto = MIN(indexed_upto, (SELECT COALESCE(MAX(rowid), 0) FROM comments)) WHERE name = 'comments';
     END`,
  ],
  // v5: the coordinators' batches are idempotent per (round, agent) - one row holding the results of
  // an agent's actions on this shard - rather than per action: an agent's actions of a round are
  // fixed (its stored turn), always sent together, and applied in one transaction. The per-action
  // table stays for external agents and for rounds begun before v5.
  [
    "CREATE TABLE applied_turns (round INTEGER NOT NULL, agent TEXT NOT NULL, results TEXT NOT NULL, PRIMARY KEY (round, agent)) WITHOUT ROWID",
  ],
];
