/**
 * {@link io.sessions4j.jdbc.JdbcStore}: sessions in PostgreSQL (connect-pg-simple's table, shareable with
 * Node apps), MariaDB/MySQL, H2 or SQLite over an application-supplied {@link javax.sql.DataSource}, one
 * statement per operation, with batched, multi-node-safe pruning of expired rows; and
 * {@link io.sessions4j.jdbc.JdbcStoreProvider}, which opens one from a {@code jdbc:} URL with its own
 * HikariCP pool.
 */
package io.sessions4j.jdbc;
