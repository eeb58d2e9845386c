-- The relay's first schema (PostgreSQL): the SQLite schema's twin, with TIMESTAMPTZ, JSONB,
-- BYTEA and a cursor counter row instead of AUTOINCREMENT.

CREATE TABLE webhook_secrets (
    platform TEXT NOT NULL,
    kind TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, kind)
);

CREATE TABLE agents (
    name TEXT PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    last_seen_at TIMESTAMPTZ
);

-- The last cursor handed out. Every writing transaction locks this row first, so cursors
-- are given in commit order across relay processes (a sequence would not be).
CREATE TABLE event_cursor (
    id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    last BIGINT NOT NULL
);

INSERT INTO event_cursor (id, last) VALUES (TRUE, 0);

CREATE TABLE events (
    cursor BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    platform TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    conversation TEXT,
    dedupe_key TEXT,
    data JSONB NOT NULL,
    UNIQUE (platform, kind, dedupe_key)
);

CREATE INDEX events_conversation ON events (conversation, cursor);

CREATE TABLE conversations (
    platform TEXT NOT NULL,
    our_number TEXT NOT NULL,
    customer_number TEXT NOT NULL,
    owner TEXT REFERENCES agents (name),
    is_read BOOLEAN NOT NULL DEFAULT FALSE,
    resolved BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMPTZ NOT NULL,
    last_cursor BIGINT,
    PRIMARY KEY (platform, our_number, customer_number)
);

CREATE TABLE dead_letters (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform TEXT NOT NULL,
    kind TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    reason TEXT NOT NULL,
    headers JSONB NOT NULL,
    body BYTEA NOT NULL
);
