package io.sessions4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.SessionStoreException;
import io.sessions4j.SessionStores;
import io.sessions4j.jdbc.testing.Processes;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SessionStores.open("jdbc:...")} finds this module's provider, which runs its own HikariCP pool. */
class JdbcStoreProviderTest {

    private static void roundTrip(SessionStore store) {
        store.set("p", new StoredSession("{\"v\":1}", Instant.now().plusSeconds(60)));
        assertThat(store.get("p").orElseThrow().json()).isEqualTo("{\"v\":1}");
        store.destroy("p");
    }

    @Test
    void opensAnH2StoreAndClosesItsPoolWithIt() {
        SessionStore store = SessionStores.open("jdbc:h2:mem:provider;DB_CLOSE_DELAY=-1");
        assertThat(store).isInstanceOf(JdbcStore.class);
        assertThat(((JdbcStore) store).dialect()).isEqualTo(JdbcDialect.H2);
        roundTrip(store);
        store.close();
        assertThatThrownBy(() -> store.get("p")).isInstanceOf(SessionStoreException.class);
    }

    @Test
    void opensASqliteStore() throws Exception {
        Path dir = Files.createTempDirectory("sessions4j-provider-");
        try (SessionStore store = SessionStores.open("jdbc:sqlite:" + dir.resolve("s.db"))) {
            assertThat(((JdbcStore) store).dialect()).isEqualTo(JdbcDialect.SQLITE);
            roundTrip(store);
        } finally {
            Processes.deleteTree(dir);
        }
    }

    @Test
    void opensAPostgresStoreWithOptionsFromTheUrl() {
        String table = TestDatabases.uniqueTable();
        String url = TestDatabases.postgresUrl();
        String spec = url + (url.contains("?") ? "&" : "?") + "sessions4j.table=" + table + "&sessions4j.pruneInterval=off"
                + "&sessions4j.asynchronousCommit=true";
        try (SessionStore store = SessionStores.open(spec)) {
            assertThat(((JdbcStore) store).dialect()).isEqualTo(JdbcDialect.POSTGRESQL);
            roundTrip(store);
        } finally {
            try (var pool = TestDatabases.pool(url, 1)) {
                TestDatabases.dropStoreTables(pool, table);
            }
        }
    }

    @Test
    void urlOptionsAreTakenOutOfTheDriversUrl() {
        Map<String, String> opts = new HashMap<>();
        assertThat(JdbcStoreProvider.takeUrlOptions(
                "jdbc:postgresql://h/db?user=a&sessions4j.table=web%20s&ssl=true&sessions4j.createTable=false", opts))
                .isEqualTo("jdbc:postgresql://h/db?user=a&ssl=true");
        assertThat(opts).containsExactlyInAnyOrderEntriesOf(Map.of("table", "web s", "createTable", "false"));
        assertThat(JdbcStoreProvider.takeUrlOptions("jdbc:mariadb://h/db?sessions4j.table=t", new HashMap<>()))
                .isEqualTo("jdbc:mariadb://h/db");
    }

    @Test
    void refusesUnknownOptionsAndDatabases() {
        assertThatThrownBy(() -> SessionStores.open("jdbc:h2:mem:x", Map.of("tabel", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tabel");
        assertThatThrownBy(() -> SessionStores.open("jdbc:oracle:thin:@h:1521:x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> SessionStores.open("jdbc:h2:mem:x", Map.of("createTable", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("createTable");
        assertThatThrownBy(() -> SessionStores.open("jdbc:h2:mem:x", Map.of("asynchronousCommit", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asynchronousCommit");
        assertThatThrownBy(() -> SessionStores.open("jdbc:h2:mem:x", Map.of("asynchronousCommit", "true")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only PostgreSQL");
    }

    @Test
    void aDownDatabaseStillOpensTheStoreAndFailsRequestsFast() throws Exception {
        int port = Processes.freePort();
        try (SessionStore store = SessionStores.open("jdbc:postgresql://127.0.0.1:" + port + "/none?user=x",
                Map.of("createTable", "false", "connectionTimeout", "500"))) {
            assertThatThrownBy(() -> store.get("abc")).isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("JdbcStore(postgresql) get");
        }
    }
}
