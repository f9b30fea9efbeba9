package io.sessions4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import java.time.Instant;
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
    void refusesOptionsForTheMemoryStore() {
        assertThatThrownBy(() -> SessionStores.open("memory", Map.of("prefix", "sess:")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix");
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
