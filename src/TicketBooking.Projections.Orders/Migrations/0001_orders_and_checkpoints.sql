-- Orders as folded from the decision journal (TB_DECISIONS), for reads of orders that an ingress no
-- longer (or never) kept in memory. Derived data: it can be dropped and rebuilt from the journal.
-- IF NOT EXISTS: databases from before the projections worker have these tables already (the
-- ingress's catalog migration 0002 created them, identical); this migration then only records itself.
CREATE TABLE IF NOT EXISTS projections.orders (
    order_id            uuid        PRIMARY KEY,
    session_id          bigint      NOT NULL,
    -- NULL while only later decisions (confirmed, expired, ...) are known: no buyer may read the order.
    buyer_id            bigint,
    -- held, confirmed, rejected, released, expired, cancelled
    status              text        NOT NULL,
    seats               int[],
    -- Minor units (cents).
    amount              bigint,
    hold_deadline       timestamptz,
    first_ticket_number bigint,
    -- Why the purchase was rejected (a RejectReason name), or why a held order was released.
    reject_reason       text,
    -- The decision the row is as of: a decision at or below it is never applied again.
    last_decision_partition int     NOT NULL,
    last_decision_sequence  bigint  NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- How far the projection has applied each partition's journal. journal_epoch identifies the stream
-- (its creation time in ticks): a recreated TB_DECISIONS starts its sequences again.
CREATE TABLE IF NOT EXISTS projections.order_checkpoints (
    partition       int         PRIMARY KEY,
    stream_sequence bigint      NOT NULL,
    journal_epoch   bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
