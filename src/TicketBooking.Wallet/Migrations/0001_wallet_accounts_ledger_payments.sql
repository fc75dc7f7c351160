-- The wallet's money: one account per buyer, an append-only ledger of every movement, and the
-- first payment outcome of each held order. Amounts are minor units (cents) of the account's currency.
CREATE TABLE wallet.accounts (
    buyer_id   bigint      PRIMARY KEY,
    currency   char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    balance    bigint      NOT NULL DEFAULT 0 CHECK (balance >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Never updated or deleted: the balance of an account is the sum of its entries
-- (top-ups and refunds in, debits out).
CREATE TABLE wallet.ledger (
    entry_id     bigserial   PRIMARY KEY,
    buyer_id     bigint      NOT NULL REFERENCES wallet.accounts (buyer_id),
    kind         text        NOT NULL CHECK (kind IN ('top_up', 'debit', 'refund')),
    amount       bigint      NOT NULL CHECK (amount > 0),
    -- Set for debits and refunds: the order paid or paid back.
    order_id     uuid,
    session_id   bigint,
    -- Set for top-ups: the client's Idempotency-Key and a hash of what it asked for.
    request_id   text,
    request_hash bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'top_up') = (request_id IS NOT NULL AND request_hash IS NOT NULL)),
    CHECK ((kind = 'top_up') = (order_id IS NULL))
);

-- At most one debit and one refund per order, however often a decision is delivered.
CREATE UNIQUE INDEX ledger_order_kind ON wallet.ledger (order_id, kind) WHERE order_id IS NOT NULL;

-- One top-up per Idempotency-Key and buyer.
CREATE UNIQUE INDEX ledger_buyer_request ON wallet.ledger (buyer_id, request_id) WHERE request_id IS NOT NULL;

-- A buyer's statement, newest first.
CREATE INDEX ledger_buyer_entry ON wallet.ledger (buyer_id, entry_id DESC);

-- The first outcome of each held order, decided once: a redelivered hold republishes it.
CREATE TABLE wallet.payments (
    order_id   uuid        PRIMARY KEY,
    buyer_id   bigint      NOT NULL,
    session_id bigint      NOT NULL,
    amount     bigint      NOT NULL CHECK (amount >= 0),
    outcome    text        NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
    reason     text,
    decided_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((outcome = 'failed') = (reason IS NOT NULL))
);
