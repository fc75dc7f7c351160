-- Issue 15: how often a held order was extended (its hold_deadline is the latest one), and the lookup of a buyer's
-- orders in a session, for the seats a buyer has left there (GET /api/sessions/{id}/limits).
ALTER TABLE projections.orders ADD COLUMN IF NOT EXISTS hold_extensions int;
CREATE INDEX IF NOT EXISTS orders_buyer_session ON projections.orders (buyer_id, session_id);
