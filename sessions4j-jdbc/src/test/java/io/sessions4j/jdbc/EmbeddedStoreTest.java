package io.sessions4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.jdbc.testing.Processes;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.StoredSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** H2 and SQLite: the shipped DDL files run as they are, and the store detects the dialect and uses the tables. */
class EmbeddedStoreTest {

    static String shippedDdl(String file) throws IOException {
        try (InputStream in = JdbcStore.class.getResourceAsStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite"})
    void theShippedDdlFileRunsAsIsAndTheStoreUsesItsTable(String db) throws Exception {
        Path dir = Files.createTempDirectory("sessions4j-ddl-");
        String url = db.equals("h2") ? "jdbc:h2:mem:ddl;DB_CLOSE_DELAY=-1" : "jdbc:sqlite:" + dir.resolve("ddl.db");
        try (HikariDataSource pool = TestDatabases.pool(url, 2)) {
            for (String statement : shippedDdl(db + ".sql").replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    TestDatabases.execute(pool, statement);
                }
            }
            try (JdbcStore store = JdbcStore.builder(pool).pruneInterval(Duration.ZERO).build()) {
                assertThat(store.dialect()).isEqualTo(db.equals("h2") ? JdbcDialect.H2 : JdbcDialect.SQLITE);
                store.set("a", new StoredSession("{\"a\":1}", Instant.now().plusSeconds(60)));
                store.set("old", new StoredSession("{}", Instant.now().plusMillis(100)));
                Thread.sleep(200);
                assertThat(store.pruneExpired()).isEqualTo(1);
                assertThat(store.get("a").orElseThrow().json()).isEqualTo("{\"a\":1}");
                assertThat(store.length()).isEqualTo(1);
                assertThat(store.locks().orElseThrow().tryLock("a", Duration.ofSeconds(5)).orElseThrow().release())
                        .as("the shipped lock table").isTrue();
            }
        } finally {
            Processes.deleteTree(dir);
        }
    }
}
