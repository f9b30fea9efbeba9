-- sessions4j JdbcStore, SQLite 3.24+ (embedded use and tests): connect-pg-simple's column names;
-- "expire" holds epoch milliseconds.
-- JdbcStore's createTableIfMissing runs this file with the configured table name put in.
CREATE TABLE IF NOT EXISTS "session" (
  "sid" TEXT NOT NULL PRIMARY KEY,
  "sess" TEXT NOT NULL,
  "expire" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS "IDX_session_expire" ON "session" ("expire");
-- The lock table of LOCK mode across instances: one row per locked session, "expires_ms" the end of its lease.
CREATE TABLE IF NOT EXISTS "session_lock" (
  "sid" TEXT NOT NULL PRIMARY KEY,
  "owner" TEXT NOT NULL,
  "expires_ms" INTEGER NOT NULL
);
