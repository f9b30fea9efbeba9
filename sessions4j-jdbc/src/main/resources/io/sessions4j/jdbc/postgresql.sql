-- sessions4j JdbcStore, PostgreSQL: connect-pg-simple 10's table (its table.sql), so that a Node app using
-- express-session + connect-pg-simple and a sessions4j app can share sessions.
-- "sess" must stay json (not jsonb): the text and key order are kept as written.
-- "expire" is a timestamp without time zone written through to_timestamp(epochSeconds), i.e. in the
-- connection's TimeZone; see sessions4j-jdbc/README.md.
-- JdbcStore's createTableIfMissing runs this file with the configured schema/table names put in
-- (the key and index are then named <table>_pkey and IDX_<table>_expire).
CREATE TABLE IF NOT EXISTS "session" (
  "sid" varchar NOT NULL COLLATE "default",
  "sess" json NOT NULL,
  "expire" timestamp(6) NOT NULL,
  CONSTRAINT "session_pkey" PRIMARY KEY ("sid") NOT DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX IF NOT EXISTS "IDX_session_expire" ON "session" ("expire");
-- The lock table of sessions4j's LOCK mode across instances (and of saves that keep conflicting): one row
-- per locked session, "expires_ms" the end of its lease in epoch milliseconds. connect-pg-simple ignores it.
CREATE TABLE IF NOT EXISTS "session_lock" (
  "sid" varchar NOT NULL PRIMARY KEY,
  "owner" varchar(64) NOT NULL,
  "expires_ms" bigint NOT NULL
);
