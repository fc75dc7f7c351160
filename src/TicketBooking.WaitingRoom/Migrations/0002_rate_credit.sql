-- The rate as a token bucket: the admission credit left after the last rate-paced admission, in units of
-- 1/60,000 of a visitor (admit_per_minute times milliseconds), and when that was. NULL: no admission yet, the
-- bucket starts at the sale's start with the first second's share. Capped at ten seconds' worth, so a queue
-- that ran dry (or an admitter that was down) never banks credit for a wave that comes later.
ALTER TABLE waiting_room.rooms
    ADD COLUMN rate_credit    bigint,
    ADD COLUMN rate_credit_at timestamptz;
