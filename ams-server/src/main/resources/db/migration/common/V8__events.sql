-- The event stream (docs/events.md).
-- Whether an operation can be cancelled (DELETE /1.0/operations/{id}); a cancel is recorded by
-- setting status_code to 104 (Cancelling), which the process running it reads at its checkpoints.
ALTER TABLE operations ADD COLUMN may_cancel BOOLEAN DEFAULT FALSE NOT NULL;

-- Single-use tickets for the websocket handshake (POST /1.0/events/auth), kept only as sha256
-- hashes, bound to the caller's name and role, and short-lived.
CREATE TABLE event_tickets (
    ticket_hash VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    expires_at  BIGINT       NOT NULL
);
CREATE INDEX event_tickets_name ON event_tickets (name);

-- PostgreSQL only in practice: an event too large for a NOTIFY payload (8000 bytes) is stored
-- here and its id notified; rows are removed once older than a minute.
CREATE TABLE event_payloads (
    id         VARCHAR(36)     PRIMARY KEY,
    body       VARCHAR(1000000) NOT NULL,
    created_at BIGINT          NOT NULL
);
CREATE INDEX event_payloads_created ON event_payloads (created_at);
