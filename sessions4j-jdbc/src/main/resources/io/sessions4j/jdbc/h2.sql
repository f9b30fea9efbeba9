-- sessions4j JdbcStore, H2 2.x (embedded use and tests): connect-pg-simple's column names;
-- "expire" holds epoch milliseconds.
-- JdbcStore's createTableIfMissing runs this file with the configured schema/table names put in.
CREATE TABLE IF NOT EXISTS "session" (
  "sid" VARCHAR(1024) NOT NULL PRIMARY KEY,
  "sess" CHARACTER VARYING NOT NULL,
  "expire" BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS "IDX_session_expire" ON "session" ("expire");
-- The lock table of LOCK mode across instances: one row per locked session, "expires_ms" the end of its lease.
CREATE TABLE IF NOT EXISTS "session_lock" (
  "sid" VARCHAR(1024) NOT NULL PRIMARY KEY,
  "owner" VARCHAR(64) NOT NULL,
  "expires_ms" BIGINT NOT NULL
);
