CREATE TABLE catalog.halls (
    id         bigint      PRIMARY KEY,
    name       text        NOT NULL,
    -- [{"label": "A", "categories": [0, 0, 1]}, ...]: rows best-first, one price category per seat.
    layout     jsonb       NOT NULL,
    seat_count int         NOT NULL CHECK (seat_count > 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE catalog.sessions (
    id                   bigint      PRIMARY KEY,
    hall_id              bigint      NOT NULL REFERENCES catalog.halls (id),
    title                text        NOT NULL,
    starts_at            timestamptz NOT NULL,
    -- Minor units (cents), indexed by seat category.
    category_prices      bigint[]    NOT NULL,
    currency             char(3)     NOT NULL,
    hold_timeout_ms      bigint      NOT NULL CHECK (hold_timeout_ms > 0),
    max_seats_per_buyer  int         NOT NULL CHECK (max_seats_per_buyer > 0),
    -- The hall's layout as sent to the engine: a later change of the hall does not move sold seats.
    layout               jsonb       NOT NULL,
    -- Set only once the engine's input log acknowledged OpenSession.
    on_sale              boolean     NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sessions_on_sale ON catalog.sessions (starts_at) WHERE on_sale;
