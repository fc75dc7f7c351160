-- One row per snapshot of a partition's engine state. A snapshot includes every decision up to
-- last_decision_sequence, every input up to last_input_sequence, and every journal batch up to
-- TB_DECISIONS stream sequence journal_stream_sequence: recovery resumes after those positions.
CREATE TABLE engine.snapshots (
    partition               int         NOT NULL,
    last_decision_sequence  bigint      NOT NULL,
    last_input_sequence     bigint      NOT NULL,
    journal_stream_sequence bigint      NOT NULL,
    format_version          int         NOT NULL,
    payload                 bytea       NOT NULL,
    payload_sha256          bytea       NOT NULL,
    size_bytes              int         NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partition, last_decision_sequence)
);
