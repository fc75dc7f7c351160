-- Loyalty points: an append-only ledger like the money's, one entry per order and kind, so that a redelivered
-- decision never counts twice. Points are a magnitude; the kind gives the sign (earn and spend_return add,
-- earn_reversal and spend take away). A buyer's balance is the sum of the entries, read under the buyer's account
-- lock in settlement; it may go below zero when an earning is reversed after its points were spent.
CREATE TABLE wallet.loyalty_entries (
    entry_id         bigserial   PRIMARY KEY,
    buyer_id         bigint      NOT NULL,
    order_id         uuid        NOT NULL,
    session_id       bigint      NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('earn', 'earn_reversal', 'spend', 'spend_return')),
    points           bigint      NOT NULL CHECK (points > 0),
    -- The rate an earning was computed at (points per so many minor units paid), so that the audit can check it
    -- and a change of Wallet:Loyalty's rate applies to new orders only.
    rate_points      bigint,
    rate_minor_units bigint,
    -- The wallet's clock (TimeProvider) at settlement: the levels count the earnings of the last 12 months by it.
    created_at       timestamptz NOT NULL,
    UNIQUE (order_id, kind),
    CHECK ((kind = 'earn') = (rate_points IS NOT NULL AND rate_minor_units IS NOT NULL))
);

-- A buyer's balance, history (newest first) and level window.
CREATE INDEX loyalty_entries_buyer_entry ON wallet.loyalty_entries (buyer_id, entry_id DESC);

-- A confirmation that cannot be settled is parked like a payment or a refund.
ALTER TABLE wallet.settlement_dead_letters DROP CONSTRAINT settlement_dead_letters_kind_check;
ALTER TABLE wallet.settlement_dead_letters ADD CONSTRAINT settlement_dead_letters_kind_check CHECK (kind IN ('payment', 'refund', 'earn'));

-- What the wallet publishes for tb-ops loyalty, beside audit_ledger and audit_balances (0004): every loyalty
-- entry, points > 0 with the kind giving the sign; rate_points / rate_minor_units set for earnings only.
CREATE VIEW wallet.audit_loyalty AS
    SELECT buyer_id, order_id, kind, points, rate_points, rate_minor_units FROM wallet.loyalty_entries;
