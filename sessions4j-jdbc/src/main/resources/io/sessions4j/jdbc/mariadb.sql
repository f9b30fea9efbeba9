-- sessions4j JdbcStore, MariaDB / MySQL: express-mysql-session 3's table (sessions(session_id, expires, data),
-- utf8mb4_bin), so that a Node app using express-mysql-session can share it, plus an index on expires so
-- that pruning reads only expired rows.
-- expires: epoch seconds (rounded up from the session's expiry); data: the session JSON.
-- JdbcStore's createTableIfMissing runs this file with the configured schema/table names put in.
CREATE TABLE IF NOT EXISTS `sessions` (
  `session_id` varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  `expires` int unsigned NOT NULL,
  `data` mediumtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  PRIMARY KEY (`session_id`),
  KEY `idx_sessions_expires` (`expires`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- The lock table of sessions4j's LOCK mode across instances (and of saves that keep conflicting): one row
-- per locked session, expires_ms the end of its lease in epoch milliseconds. express-mysql-session ignores it.
CREATE TABLE IF NOT EXISTS `sessions_lock` (
  `sid` varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  `owner` varchar(64) CHARACTER SET ascii NOT NULL,
  `expires_ms` bigint NOT NULL,
  PRIMARY KEY (`sid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
