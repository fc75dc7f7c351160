-- Organizer statistics folded from the decision journal (TB_DECISIONS). Derived data: it can be
-- dropped and rebuilt from the journal. Money in minor units (cents), tickets in seats.

-- Per session: the figures every aggregate (event, artist, venue, city) sums at query time.
CREATE TABLE statistics.sessions (
    session_id      bigint      PRIMARY KEY,
    -- Seats of the layout SessionOpened carried; 0 while only orders of the session are known.
    capacity        int         NOT NULL DEFAULT 0,
    -- Seats of confirmed orders, and of those later cancelled.
    tickets_sold    bigint      NOT NULL DEFAULT 0,
    tickets_returned bigint     NOT NULL DEFAULT 0,
    -- OrderHeld.Amount of confirmed orders: the money paid.
    gross           bigint      NOT NULL DEFAULT 0,
    -- OrderHeld.Discounts of confirmed orders.
    promo_discounts bigint      NOT NULL DEFAULT 0,
    points_spent    bigint      NOT NULL DEFAULT 0,
    -- RefundDue of cancelled paid orders; net = gross - refunds.
    refunds         bigint      NOT NULL DEFAULT 0,
    -- RefundDue of payments that came after the hold ended: never revenue, so not in gross nor refunds.
    late_payment_refunds bigint NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Sales over time: confirmed tickets and their money per session and minute of the journal batch's
-- JetStream timestamp (the engine has no clock).
CREATE TABLE statistics.sales_per_minute (
    session_id bigint      NOT NULL,
    minute     timestamptz NOT NULL,
    tickets    bigint      NOT NULL,
    amount     bigint      NOT NULL,
    PRIMARY KEY (session_id, minute)
);

-- What the fold must remember of an order: OrderConfirmed and OrderCancelled carry no money.
CREATE TABLE statistics.orders (
    order_id       uuid   PRIMARY KEY,
    session_id     bigint NOT NULL,
    seats          int    NOT NULL,
    amount         bigint NOT NULL,
    promo_discount bigint NOT NULL,
    points_spent   bigint NOT NULL,
    -- held, confirmed, returned (confirmed, then cancelled), ended (released, expired or cancelled unpaid)
    state          text   NOT NULL
);

-- How far the statistics have applied each partition's journal; journal_epoch is TB_DECISIONS'
-- creation time in ticks: a recreated stream starts its sequences again, and so do the statistics.
CREATE TABLE statistics.checkpoints (
    partition       int         PRIMARY KEY,
    stream_sequence bigint      NOT NULL,
    journal_epoch   bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
