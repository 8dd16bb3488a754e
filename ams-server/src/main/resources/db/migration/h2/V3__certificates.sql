-- The AMS trust store: client certificates that authenticate without a token.
CREATE TABLE certificates (
    fingerprint VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(64)  NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    certificate CLOB         NOT NULL,
    created_at  BIGINT       NOT NULL
);
