-- Notifications of order outcomes folded from the decision journal (TB_DECISIONS), and webhook
-- subscriptions with their outbox of deliveries. Written by the projections worker; the ingress reads
-- notifications and deliveries and writes only webhook_subscriptions (what organizers ask for).

-- Who bought each order, from its OrderHeld (or Rejected): outcome decisions carry no buyer.
CREATE TABLE notifications.order_buyers (
    order_id   uuid   PRIMARY KEY,
    session_id bigint NOT NULL,
    buyer_id   bigint NOT NULL,
    -- Minor units (cents): what the hold asked for.
    amount     bigint
);

CREATE TABLE notifications.notifications (
    -- Derived from order id + kind (NotificationIds): a replay or a redelivery inserts nothing new.
    id                  uuid        PRIMARY KEY,
    -- Commit order (one writer at a time): keyset paging, the SSE stream's event ids and Last-Event-ID.
    position            bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    buyer_id            bigint      NOT NULL,
    order_id            uuid        NOT NULL,
    session_id          bigint      NOT NULL,
    -- confirmed, released, expired, cancelled, refunded, rejected
    kind                text        NOT NULL,
    seats               int[],
    first_ticket_number bigint,
    amount              bigint,
    reason              text,
    decision_partition  int         NOT NULL,
    decision_sequence   bigint      NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX notifications_by_buyer ON notifications.notifications (buyer_id, position DESC);

-- As projections.order_checkpoints: per partition the last journal batch applied, and the stream's epoch.
CREATE TABLE notifications.checkpoints (
    partition       int         PRIMARY KEY,
    stream_sequence bigint      NOT NULL,
    journal_epoch   bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notifications.webhook_subscriptions (
    id         uuid        PRIMARY KEY,
    -- The organizer (or admin) who created it: it gets the outcomes of orders for sessions it owns.
    owner_id   bigint      NOT NULL,
    -- Only an admin's may be for every session.
    all_events boolean     NOT NULL DEFAULT false,
    url        text        NOT NULL,
    -- Standard Webhooks form: whsec_ + base64 of 32 random bytes; shown once, when created.
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX webhook_subscriptions_by_owner ON notifications.webhook_subscriptions (owner_id, created_at);

-- The outbox: one row per subscription and notification, inserted in the notification's transaction.
CREATE TABLE notifications.webhook_deliveries (
    subscription_id  uuid        NOT NULL REFERENCES notifications.webhook_subscriptions (id) ON DELETE CASCADE,
    notification_id  uuid        NOT NULL REFERENCES notifications.notifications (id) ON DELETE CASCADE,
    -- pending, delivered, failed
    status           text        NOT NULL DEFAULT 'pending',
    attempts         int         NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_status_code int,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription_id, notification_id)
);

CREATE INDEX webhook_deliveries_due ON notifications.webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_recent ON notifications.webhook_deliveries (subscription_id, created_at DESC);
