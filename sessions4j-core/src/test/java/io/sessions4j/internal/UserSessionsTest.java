package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.MemoryStore;
import io.sessions4j.PrincipalLimit;
import io.sessions4j.PrincipalLimitException;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionEvent;
import io.sessions4j.SessionListener;
import io.sessions4j.UserSession;
import io.sessions4j.spi.SessionManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The principal of a session, the engine's use of the store's index, and the per-principal limit. */
class UserSessionsTest extends EngineTestSupport {
    private final MemoryStore memory = MemoryStore.builder().clock(clock).build();

    private SessionManager indexed(UnaryOperator<SessionConfig.Builder> custom) {
        return engine(b -> custom.apply(b.store(memory)));
    }

    private static FakeExchange login(SessionManager engine, String user, String agent) {
        return request(engine, FakeExchange.get("/login"), s -> {
            s.principal(user);
            s.put("userAgent", agent);
        });
    }

    @Test
    void thePrincipalIsKeptInTheMetadataNotAsAUserKeyAndComesBackOnTheNextRequest() {
        SessionManager engine = indexed(b -> b);
        FakeExchange first = login(engine, "alice", "Firefox");
        String id = CommitDecisionsTest.sessionId(first);
        String json = memory.get(id).orElseThrow().json();
        assertThat(json).contains("\"__sessions4j\":{").contains("\"principal\":\"alice\"");
        request(engine, FakeExchange.following(first), s -> {
            assertThat(s.principal()).contains("alice");
            assertThat(s.keys()).containsExactly("userAgent");
        });
    }

    @Test
    void listsThePrincipalsLiveSessionsWithTheAttributesAsked() {
        SessionManager engine = indexed(b -> b);
        login(engine, "alice", "Firefox");
        clock.advance(Duration.ofSeconds(1));
        login(engine, "alice", "Safari");
        login(engine, "bob", "Chrome");
        List<UserSession> alice = engine.userSessions().list("alice", "userAgent");
        assertThat(alice).extracting(u -> u.attributes().get("userAgent")).containsExactly("Firefox", "Safari");
        assertThat(alice.get(0).hashedId()).isEqualTo(LogIds.hash(alice.get(0).id()));
        assertThat(alice.get(0).expiresAt()).isEqualTo(alice.get(0).createdAt().plus(Duration.ofMinutes(1)));
    }

    @Test
    void destroyAllEndsEverySessionOfThePrincipalAndTellsTheListeners() {
        List<String> destroyed = new CopyOnWriteArrayList<>();
        SessionManager engine = indexed(b -> b.listener(new SessionListener() {
            @Override
            public void destroyed(SessionEvent event) {
                destroyed.add(event.principal().orElse("?"));
            }
        }));
        FakeExchange first = login(engine, "alice", "Firefox");
        login(engine, "alice", "Safari");
        login(engine, "bob", "Chrome");
        assertThat(engine.userSessions().destroyAll("alice")).isEqualTo(2);
        assertThat(destroyed).containsExactly("alice", "alice");
        assertThat(engine.userSessions().list("alice")).isEmpty();
        assertThat(engine.userSessions().list("bob")).hasSize(1);
        request(engine, FakeExchange.following(first), s -> assertThat(s.principal()).isEmpty());
    }

    @Test
    void destroyOthersKeepsTheCurrentSession() {
        SessionManager engine = indexed(b -> b);
        login(engine, "alice", "Firefox");
        FakeExchange current = login(engine, "alice", "Safari");
        int[] ended = {-1};
        request(engine, FakeExchange.following(current), s -> ended[0] = engine.userSessions().destroyOthers(s));
        assertThat(ended[0]).isEqualTo(1);
        assertThat(engine.userSessions().list("alice")).extracting(UserSession::id)
                .containsExactly(CommitDecisionsTest.sessionId(current));
    }

    @Test
    void destroyOneRefusesASessionOfAnotherPrincipal() {
        SessionManager engine = indexed(b -> b);
        String bobs = CommitDecisionsTest.sessionId(login(engine, "bob", "Chrome"));
        assertThat(engine.userSessions().destroy("alice", bobs)).isFalse();
        assertThat(engine.userSessions().destroy("bob", bobs)).isTrue();
        assertThat(memory.get(bobs)).isEmpty();
    }

    @Test
    void anExpiredSessionLeavesTheIndexWithoutASweep() {
        SessionManager engine = indexed(b -> b);
        login(engine, "alice", "Firefox");
        clock.advance(Duration.ofMinutes(2));
        memory.get("poke");
        assertThat(engine.userSessions().list("alice")).isEmpty();
        assertThat(memory.principals().orElseThrow().ids("alice")).isEmpty();
    }

    @Test
    void regenerateClearsThePrincipalAndChangeIdKeepsIt() {
        SessionManager engine = indexed(b -> b);
        FakeExchange first = login(engine, "alice", "Firefox");
        FakeExchange moved = request(engine, FakeExchange.following(first), Session::changeId);
        assertThat(engine.userSessions().list("alice")).extracting(UserSession::id)
                .containsExactly(CommitDecisionsTest.sessionId(moved));
        request(engine, FakeExchange.following(moved), s -> {
            s.regenerate();
            assertThat(s.principal()).isEmpty();
            s.put("x", 1);
        });
        assertThat(engine.userSessions().list("alice")).isEmpty();
    }

    @Test
    void theRefusingLimitThrowsAtThePrincipalCallAndLeavesTheSessionNobodys() {
        SessionManager engine = indexed(b -> b.principalLimit(PrincipalLimit.of(1, PrincipalLimit.Policy.REFUSE)));
        login(engine, "alice", "Firefox");
        request(engine, FakeExchange.get("/login"), s -> {
            assertThatThrownBy(() -> s.principal("alice")).isInstanceOf(PrincipalLimitException.class);
            assertThat(s.principal()).isEmpty();
        });
        assertThat(engine.userSessions().list("alice", "userAgent")).extracting(u -> u.attributes().get("userAgent"))
                .containsExactly("Firefox");
    }

    @Test
    void theEndOldestLimitEndsTheSessionThatExpiresFirst() {
        SessionManager engine = indexed(b -> b.principalLimit(PrincipalLimit.of(2, PrincipalLimit.Policy.END_OLDEST)));
        login(engine, "alice", "one");
        clock.advance(Duration.ofSeconds(1));
        login(engine, "alice", "two");
        clock.advance(Duration.ofSeconds(1));
        login(engine, "alice", "three");
        assertThat(engine.userSessions().list("alice", "userAgent")).extracting(u -> u.attributes().get("userAgent"))
                .containsExactly("two", "three");
    }

    @Test
    void aStoreWithoutAnIndexRefusesTheLimitByName() {
        assertThatThrownBy(() -> engine(b -> b.principalLimit(PrincipalLimit.of(1, PrincipalLimit.Policy.REFUSE))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("principalLimit");
    }
}
