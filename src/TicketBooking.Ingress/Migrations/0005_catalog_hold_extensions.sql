-- How often a buyer may extend one hold of the session (issue 15; pretix's hard cap): 0 (never) to 10. Sessions
-- stored before read as 0, which is what the engine opened them with. IF NOT EXISTS: an add-only column, safe to
-- meet twice.
ALTER TABLE catalog.sessions ADD COLUMN IF NOT EXISTS max_hold_extensions int NOT NULL DEFAULT 0
    CHECK (max_hold_extensions BETWEEN 0 AND 10);
