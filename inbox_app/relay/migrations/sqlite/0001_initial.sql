-- The relay's first schema (SQLite). Times are ISO 8601 UTC text; JSON is text.
-- The PostgreSQL twin uses BIGINT identities, TIMESTAMPTZ, JSONB and BYTEA.

-- One secret per webhook endpoint (platform + kind), generated once per database.
CREATE TABLE webhook_secrets (
    platform TEXT NOT NULL,
    kind TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (platform, kind)
);

-- Agents sign in with a bearer token; only its SHA-256 is kept.
CREATE TABLE agents (
    name TEXT PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    last_seen_at TEXT
);

-- Every event desktops read, in one total order (the cursor). Webhook events carry the
-- platform's de-duplication key; agents' actions have none (NULLs never collide in UNIQUE).
CREATE TABLE events (
    cursor INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    platform TEXT NOT NULL,
    at TEXT NOT NULL,
    conversation TEXT,
    dedupe_key TEXT,
    data TEXT NOT NULL,
    UNIQUE (platform, kind, dedupe_key)
);

CREATE INDEX events_conversation ON events (conversation, cursor);

-- What agents share about a conversation (platform + our number + customer number).
CREATE TABLE conversations (
    platform TEXT NOT NULL,
    our_number TEXT NOT NULL,
    customer_number TEXT NOT NULL,
    owner TEXT REFERENCES agents (name),
    is_read INTEGER NOT NULL DEFAULT 0,
    resolved INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    last_cursor INTEGER,
    PRIMARY KEY (platform, our_number, customer_number)
);

-- Webhook bodies the relay could not read, kept for inspection.
CREATE TABLE dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform TEXT NOT NULL,
    kind TEXT NOT NULL,
    received_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL
);
