-- A cancel asked for (POST /plans/{id}/cancel): whoever solves the plan stops it.
ALTER TABLE documents ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
