-- Where the money of each top-up came from: a payment the provider reported (its payment id, unique
-- across all buyers), or an administrator's credit (who, and why). Every top-up credited since this
-- migration has exactly one row here; the buyers' own POST /api/wallet/top-ups is gone.
CREATE TABLE wallet.credit_sources (
    entry_id    bigint PRIMARY KEY REFERENCES wallet.ledger (entry_id),
    source      text   NOT NULL CHECK (source IN ('provider', 'admin')),
    external_id text   NOT NULL,
    admin_id    bigint,
    reason      text,
    UNIQUE (source, external_id),
    CHECK ((source = 'admin') = (admin_id IS NOT NULL AND reason IS NOT NULL))
);
