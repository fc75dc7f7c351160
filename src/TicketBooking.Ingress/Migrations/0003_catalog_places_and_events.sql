-- The whole catalog: cities, venues in them, halls in venues (with sections, rows and seats in their layout), artists,
-- events naming artists, and sessions of an event. Halls and sessions from before keep working without a venue or an
-- event. Cities are shared reference data (admins write them, no owner); the rest has the owner_id of its creator.

CREATE TABLE catalog.cities (
    id           bigint      PRIMARY KEY,
    name         text        NOT NULL,
    country_code char(2)     NOT NULL,
    -- IANA, such as Europe/Lisbon.
    time_zone    text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE catalog.venues (
    id         bigint      PRIMARY KEY,
    city_id    bigint      NOT NULL REFERENCES catalog.cities (id),
    name       text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('cinema', 'concert_hall', 'stadium', 'theatre')),
    address    text        NOT NULL,
    owner_id   bigint,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX venues_by_city ON catalog.venues (city_id, id);

-- The layout stays the array of rows {label, categories} it was; rows now also carry their section (index, name)
-- and their seats' labels, coordinates and traits, which an older reader ignores.
ALTER TABLE catalog.halls ADD COLUMN venue_id bigint REFERENCES catalog.venues (id);

CREATE INDEX halls_by_venue ON catalog.halls (venue_id, id);

CREATE TABLE catalog.artists (
    id         bigint      PRIMARY KEY,
    name       text        NOT NULL,
    owner_id   bigint,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE catalog.events (
    id               bigint      PRIMARY KEY,
    title            text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('film', 'concert', 'play', 'other')),
    duration_minutes int         NOT NULL CHECK (duration_minutes > 0),
    -- As printed: "12A", "PG-13", "18"; null when unrated.
    age_rating       text,
    owner_id         bigint,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- An event's artists in billing order.
CREATE TABLE catalog.event_artists (
    event_id  bigint NOT NULL REFERENCES catalog.events (id) ON DELETE CASCADE,
    artist_id bigint NOT NULL REFERENCES catalog.artists (id),
    position  int    NOT NULL,
    PRIMARY KEY (event_id, artist_id)
);

CREATE INDEX event_artists_by_artist ON catalog.event_artists (artist_id, event_id);

ALTER TABLE catalog.sessions ADD COLUMN event_id bigint REFERENCES catalog.events (id);
