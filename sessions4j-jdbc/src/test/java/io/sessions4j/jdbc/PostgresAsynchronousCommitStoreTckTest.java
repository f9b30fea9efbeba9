package io.sessions4j.jdbc;

/** The store TCK against a real PostgreSQL with {@code asynchronousCommit}: its statements behave the same. */
class PostgresAsynchronousCommitStoreTckTest extends PostgresStoreTckTest {
    @Override
    JdbcStore.Builder configure(JdbcStore.Builder builder) {
        return builder.asynchronousCommit(true);
    }
}
