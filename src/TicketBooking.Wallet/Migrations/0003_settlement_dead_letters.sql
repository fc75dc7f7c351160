-- Payments and refunds that settlement could not carry out, parked so that the rest of their batch
-- settles. Nothing was debited or credited for a parked entry; an operator settles it by hand.
-- One row per order and kind, however often its decision is delivered.
CREATE TABLE wallet.settlement_dead_letters (
    order_id   uuid        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('payment', 'refund')),
    buyer_id   bigint      NOT NULL,
    session_id bigint      NOT NULL,
    amount     bigint      NOT NULL,
    reason     text        NOT NULL,
    -- The exception, whole, when one stopped the order's settlement.
    error      text,
    parked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, kind)
);

CREATE INDEX settlement_dead_letters_buyer ON wallet.settlement_dead_letters (buyer_id);
