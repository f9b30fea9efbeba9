package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.MemoryStore;
import io.sessions4j.SessionConfig;
import io.sessions4j.UserSession;
import io.sessions4j.spi.StoredSession;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The filter hands applications (and a Spring Security registry) the store's sessions by principal. */
class UserSessionsAccessorTest {
    private static final String SECRET = "a secret that is long enough for the tests here";

    @Test
    void theFilterListsAndEndsThePrincipalsSessionsOfItsStore() {
        MemoryStore store = new MemoryStore();
        store.set("one", new StoredSession("{\"cookie\":{\"originalMaxAge\":null,\"httpOnly\":true,\"path\":\"/\"},"
                + "\"__sessions4j\":{\"created\":1764600000000,\"principal\":\"alice\"},\"userAgent\":\"Firefox\"}",
                Instant.now().plusSeconds(600), "alice"));
        SessionFilter filter = new SessionFilter(SessionConfig.builder().secrets(SECRET).store(store).build());
        assertThat(filter.userSessions().list("alice", "userAgent"))
                .extracting(UserSession::id, u -> u.attributes().get("userAgent"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", "Firefox"));
        assertThat(filter.userSessions().destroyAll("alice")).isEqualTo(1);
        assertThat(store.get("one")).isEmpty();
    }

    @Test
    void aStoreWithoutAnIndexSaysSoByName() {
        SessionFilter filter = new SessionFilter(SessionConfig.builder().secrets(SECRET)
                .store(new io.sessions4j.servlet.testing.CountingStore(new MemoryStore())).build());
        assertThatThrownBy(filter::userSessions).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("index");
    }
}
