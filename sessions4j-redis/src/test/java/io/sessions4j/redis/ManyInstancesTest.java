package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.SessionConfig;
import io.sessions4j.redis.testing.HttpAgent;
import io.sessions4j.redis.testing.RoundRobinProxy;
import io.sessions4j.redis.testing.SessionApp;
import io.sessions4j.redis.testing.TestRedis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three application instances, each with its own {@link RedisStore} (same URI, same prefix, same secret)
 * and its own Jetty, behind a round-robin proxy without stickiness: every request lands on another
 * instance, and the session must not notice.
 */
class ManyInstancesTest {
    private static final String SECRET = "many instances secret, long enough to be a real one";

    private static TestRedis redis;
    private static final List<RedisStore> stores = new ArrayList<>();
    private static final List<SessionApp> apps = new ArrayList<>();
    private static RoundRobinProxy proxy;

    @BeforeAll
    static void start() {
        redis = TestRedis.externalOrOwned();
        String prefix = TestRedis.uniquePrefix("many");
        List<String> backends = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            RedisStore store = RedisStore.builder().uri(redis.uri()).prefix(prefix).build();
            stores.add(store);
            SessionApp app = SessionApp.start(SessionConfig.builder().secrets(SECRET).store(store).build(),
                    "instance-" + i);
            apps.add(app);
            backends.add(app.baseUrl());
        }
        proxy = RoundRobinProxy.start(backends);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        stores.get(0).clear();
        // Stopping an app destroys its SessionFilter, which closes the app's store.
        apps.forEach(SessionApp::close);
        redis.close();
    }

    @Test
    void theViewCounterCountsOnAcrossEveryHop() {
        HttpAgent browser = new HttpAgent("connect.sid");
        Set<String> servedBy = new HashSet<>();
        for (int i = 1; i <= 9; i++) {
            HttpAgent.Reply reply = browser.get(proxy.baseUrl() + "/views");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("views").asInt()).isEqualTo(i);
            servedBy.add(reply.json().get("served_by").asText());
        }
        assertThat(servedBy).containsExactlyInAnyOrder("instance-1", "instance-2", "instance-3");
    }

    @Test
    void aLoginSurvivesEveryHopAndALogoutOnOneInstanceLogsOutOnAll() {
        HttpAgent browser = new HttpAgent("connect.sid");
        browser.get(proxy.baseUrl() + "/views");
        String anonymousCookie = browser.cookie().orElseThrow();
        assertThat(browser.get(proxy.baseUrl() + "/login?user=ada").json().get("user").asText()).isEqualTo("ada");
        String loggedInCookie = browser.cookie().orElseThrow();
        assertThat(loggedInCookie).as("login regenerates the session id").isNotEqualTo(anonymousCookie);

        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpAgent.Reply reply = browser.get(proxy.baseUrl() + "/whoami");
            assertThat(reply.json().get("user").asText()).isEqualTo("ada");
            servedBy.add(reply.json().get("served_by").asText());
        }
        assertThat(servedBy).hasSize(3);

        HttpAgent.Reply logout = browser.get(proxy.baseUrl() + "/logout");
        assertThat(logout.json().get("loggedOut").asBoolean()).isTrue();
        assertThat(browser.cookie()).as("the browser was told to drop the cookie").isEmpty();

        // A second tab (or an attacker) still holding the old cookie is logged out on every instance.
        for (SessionApp app : apps) {
            HttpAgent oldTab = new HttpAgent("connect.sid");
            oldTab.cookie(loggedInCookie);
            assertThat(oldTab.get(app.baseUrl() + "/whoami").json().get("user").isNull())
                    .as("logged out on " + app.name()).isTrue();
            HttpAgent oldAnonymous = new HttpAgent("connect.sid");
            oldAnonymous.cookie(anonymousCookie);
            assertThat(oldAnonymous.get(app.baseUrl() + "/peek").json().get("views").asInt())
                    .as("the pre-login session was destroyed by the regenerate").isZero();
        }
    }
}
