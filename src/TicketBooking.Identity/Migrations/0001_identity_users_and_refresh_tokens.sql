-- Registered users. Ids start at 10,000,000: ids below are never registered, so load tools can mint
-- tokens for synthetic buyers there without acting as a real user.
CREATE SEQUENCE identity.user_ids START WITH 10000000;

CREATE TABLE identity.users (
    id               bigint      PRIMARY KEY DEFAULT nextval('identity.user_ids'),
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    email            text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    -- Trimmed and lower-case: one account per address, however it is typed.
    email_normalized text        NOT NULL UNIQUE,
    -- ASP.NET Core Identity's PasswordHasher format (PBKDF2), never the password.
    password_hash    text        NOT NULL,
    roles            text[]      NOT NULL DEFAULT '{buyer}' CHECK (roles <@ ARRAY['buyer', 'organizer', 'admin']::text[]),
    -- A blocked user cannot sign in, refresh or order; tickets already issued stay valid.
    blocked_at       timestamptz,
    blocked_reason   text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((blocked_at IS NULL) = (blocked_reason IS NULL))
);

CREATE INDEX users_blocked ON identity.users (id) WHERE blocked_at IS NOT NULL;

-- Refresh tokens, stored as SHA-256 of the token. Each use replaces the token with a new one of the same
-- family; a used token presented again revokes the whole family (it was stolen, or the client is confused).
CREATE TABLE identity.refresh_tokens (
    token_hash bytea       PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES identity.users (id),
    family_id  uuid        NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refresh_tokens_family ON identity.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON identity.refresh_tokens (user_id);
