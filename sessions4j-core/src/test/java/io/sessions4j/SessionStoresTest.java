package io.sessions4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Opening a store by spec: memory always works; anything else needs its module, and the error says so safely. */
class SessionStoresTest {

    @ParameterizedTest
    @ValueSource(strings = {"memory", "memory:"})
    void opensAWorkingMemoryStore(String spec) {
        SessionStore store = SessionStores.open(spec);

        store.set("id", new StoredSession("{\"cookie\":{}}", Instant.now().plusSeconds(60)));

        assertThat(store).isInstanceOf(MemoryStore.class);
        assertThat(store.get("id")).map(StoredSession::json).contains("{\"cookie\":{}}");
    }

    @Test
    void opensANewMemoryStoreEachTime() {
        assertThat(SessionStores.open("memory")).isNotSameAs(SessionStores.open("memory"));
    }

    @Test
    void refusesAnOptionTheMemoryStoreDoesNotKnowNamingItAndTheKnownOnes() {
        for (Runnable open : List.<Runnable>of(() -> SessionStores.open("memory", Map.of("prefix", "sess:")),
                () -> SessionStores.open("memory:prefix=sess:"),
                () -> SessionStores.open("memory:maximumSize=10,maxSize=5"))) {
            assertThatThrownBy(open::run).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("store:")
                    .hasMessageContaining("unknown memory store option")
                    .hasMessageContaining("maximumSize, maximumWeight");
        }
    }

    @Test
    void boundsTheMemoryStoreByTheSpecsMaximumSize() {
        MemoryStore store = (MemoryStore) SessionStores.open("memory:maximumSize=10");
        for (int i = 0; i < 100; i++) {
            store.set("s" + i, new StoredSession("{\"cookie\":{}}", Instant.now().plusSeconds(60)));
        }
        assertThat(store.length()).isLessThanOrEqualTo(10);
        assertThat(store.evictionCount()).isGreaterThanOrEqualTo(90);
    }

    @Test
    void boundsTheMemoryStoreByTheSpecsMaximumWeight() {
        MemoryStore store = (MemoryStore) SessionStores.open("memory", Map.of("maximumWeight", "4KB"));
        for (int i = 0; i < 100; i++) {
            store.set("s" + i, new StoredSession("{\"cookie\":{}}", Instant.now().plusSeconds(60)));
        }
        assertThat(store.length()).isLessThanOrEqualTo(4096 / MemoryStore.ENTRY_OVERHEAD);
        assertThat(SessionStores.open("memory:maximumWeight=64MB")).isInstanceOf(MemoryStore.class);
        assertThat(SessionStores.open("memory:maximumWeight=1g")).isInstanceOf(MemoryStore.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory:maximumSize=0", "memory:maximumSize=ten", "memory:maximumWeight=-1MB",
            "memory:maximumWeight=64TB", "memory:maximumWeight", "memory:maximumSize=5,maximumSize=6",
            "memory:maximumSize=5,maximumWeight=1MB", "memory:maximumWeight=99999999999999GB"})
    void refusesABadMemoryStoreOptionNamingIt(String spec) {
        assertThatThrownBy(() -> SessionStores.open(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("store:")
                .hasMessageContaining("maximum");
    }

    @Test
    void refusesAnUnknownSpecListingWhatIsAvailable() {
        assertThatThrownBy(() -> SessionStores.open("mongodb://localhost/sessions"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("store:")
                .hasMessageContaining("mongodb://localhost/sessions")
                .hasMessageContaining("available")
                .hasMessageContaining("memory");
    }

    @Test
    void doesNotEchoAPasswordInTheUserInfo() {
        assertThatThrownBy(() -> SessionStores.open("redis://user:secret@host:6379/0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:6379")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> SessionStores.open("rediss://:s3cr3t@host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void doesNotEchoAPasswordGivenAsAQueryParameter() {
        assertThatThrownBy(() -> SessionStores.open("jdbc:postgresql://db:5432/app?user=app&password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("db:5432")
                .hasMessageNotContaining("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void refusesABlankSpec(String spec) {
        assertThatThrownBy(() -> SessionStores.open(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("store:");
    }

    @Test
    void refusesANullSpec() {
        assertThatThrownBy(() -> SessionStores.open(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("store:");
    }
}
