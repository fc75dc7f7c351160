-- What the wallet publishes for audits outside it (tb-ops money, which must work while the wallet is down): two
-- read-only views, the only part of this schema another component may read. The tables behind them are the
-- wallet's own to change; a migration that changes them keeps these views' columns and meaning.

-- Every ledger entry: kind 'top_up', 'debit' or 'refund'; amount > 0, in minor units; order_id set for debits
-- and refunds, null for top-ups.
CREATE VIEW wallet.audit_ledger AS
    SELECT buyer_id, kind, amount, order_id FROM wallet.ledger;

-- Every account's balance, in minor units.
CREATE VIEW wallet.audit_balances AS
    SELECT buyer_id, balance FROM wallet.accounts;
