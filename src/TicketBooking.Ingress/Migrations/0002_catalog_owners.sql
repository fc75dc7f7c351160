-- Who manages each hall and session: the organizer (or admin) that created it. An organizer changes only
-- what it owns; an admin changes everything. Rows from before owners existed have none: only admins manage them.
ALTER TABLE catalog.halls ADD COLUMN owner_id bigint;
ALTER TABLE catalog.sessions ADD COLUMN owner_id bigint;
