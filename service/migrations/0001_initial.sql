-- The store's tables on PostgreSQL: the same columns as SQLite's (service/store.py).
CREATE TABLE revisions (
    revision INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE catalog_items (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    rev_from INTEGER NOT NULL,
    rev_to INTEGER,
    doc BYTEA NOT NULL,
    PRIMARY KEY (kind, id, rev_from)
);
CREATE INDEX catalog_items_live ON catalog_items (kind, id, rev_to);
CREATE TABLE documents (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    parent_id TEXT,
    status TEXT,
    created_at TEXT NOT NULL,
    doc BYTEA NOT NULL,
    owner TEXT,
    lease_until DOUBLE PRECISION,
    attempts INTEGER NOT NULL DEFAULT 0,
    UNIQUE (collection, id)
);
CREATE INDEX documents_parent ON documents (collection, parent_id, seq);
CREATE INDEX documents_solving ON documents (collection, status) WHERE status = 'solving';
CREATE TABLE idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
