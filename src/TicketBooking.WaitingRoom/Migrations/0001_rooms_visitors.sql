-- The waiting room of a session (issue 15). One admitter (advisory lock WaitingRoomAdmitter) decides every change
-- of the queue: the shuffle, positions, admissions, sell-out. Ingress instances only insert and update a visitor's
-- own row (join, leave, ordered).

-- Arrival order across all rooms: later arrivals are positioned in this order.
CREATE SEQUENCE waiting_room.arrivals;

CREATE TABLE waiting_room.rooms (
    session_id        bigint      PRIMARY KEY,
    -- Joins are accepted from here.
    opens_at          timestamptz NOT NULL,
    -- The shuffle and admission start here.
    sale_starts_at    timestamptz NOT NULL,
    -- The show's start (catalog starts_at): nothing is admitted after it.
    closes_at         timestamptz NOT NULL,
    mode              text        NOT NULL CHECK (mode IN ('rate', 'seats')),
    admit_per_minute  int         NOT NULL CHECK (admit_per_minute BETWEEN 1 AND 1000000),
    -- An admission token's lifetime.
    admission_seconds int         NOT NULL,
    -- A waiting-list offer's lifetime.
    offer_seconds     int         NOT NULL,
    created_by        bigint      NOT NULL,
    -- The shuffle's seed, recorded when the shuffle ran (crypto random).
    seed              bigint,
    shuffled_at       timestamptz,
    -- Positions 1..pre_queue_size are the shuffled pre-queue.
    pre_queue_size    int         NOT NULL DEFAULT 0,
    last_position     bigint      NOT NULL DEFAULT 0,
    -- The highest position admitted.
    admitted_through  bigint      NOT NULL DEFAULT 0,
    admitted_count    bigint      NOT NULL DEFAULT 0,
    -- Set when the free seats reached 0 while admitting; never cleared.
    sold_out_at       timestamptz,
    -- +1 on every change the admitter makes (and on configure).
    version           bigint      NOT NULL DEFAULT 0,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (opens_at < sale_starts_at AND sale_starts_at < closes_at)
);

CREATE TABLE waiting_room.visitors (
    session_id           bigint      NOT NULL REFERENCES waiting_room.rooms,
    user_id              bigint      NOT NULL,
    arrival              bigint      NOT NULL DEFAULT nextval('waiting_room.arrivals'),
    -- The database's clock: which visitors are in the pre-queue is decided by it.
    joined_at            timestamptz NOT NULL DEFAULT now(),
    -- NULL until the admitter assigns it.
    position             bigint,
    admitted_at          timestamptz,
    admission_expires_at timestamptz,
    -- Admitted as a waiting-list offer (after the sell-out).
    offer                boolean     NOT NULL DEFAULT false,
    -- The first purchase accepted (202) with this admission.
    ordered_at           timestamptz,
    order_id             uuid,
    left_at              timestamptz,
    PRIMARY KEY (session_id, user_id),
    UNIQUE (session_id, position)
);

-- The admitter's positioning of later arrivals, in arrival order.
CREATE INDEX visitors_unpositioned ON waiting_room.visitors (session_id, arrival) WHERE position IS NULL;

-- The admissions still outstanding (admitted, not ordered): counted against the free seats in seats mode and on the
-- waiting list.
CREATE INDEX visitors_outstanding ON waiting_room.visitors (session_id, admission_expires_at)
    WHERE admitted_at IS NOT NULL AND ordered_at IS NULL;
