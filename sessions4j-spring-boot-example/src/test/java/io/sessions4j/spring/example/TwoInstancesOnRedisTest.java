package io.sessions4j.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.UserSession;
import io.sessions4j.UserSessions;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionStore;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the application on one Redis (found through Boot's own spring.data.redis.url), every request
 * going to the other instance than the one before: the login, the CSRF token and the saved request are shared, and
 * Spring Security's maximumSessions(1) holds across the instances (the starter's SessionRegistry is the store's).
 */
class TwoInstancesOnRedisTest {
    private static TestRedis redis;
    private static ExampleApp a;
    private static ExampleApp b;

    @BeforeAll
    static void start() {
        redis = TestRedis.externalOrOwned();
        Map<String, String> props = Map.of("sessions4j.store", "redis", "spring.data.redis.url", redis.uri(),
                "sessions4j.redis.prefix", TestRedis.uniquePrefix("spring-boot-two"));
        a = ExampleApp.start(props);
        b = ExampleApp.start(props);
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.context().getBean(SessionStore.class).clear();
            a.close();
        }
        if (b != null) {
            b.close();
        }
        redis.close();
    }

    @Test
    void aLoginOnOneInstanceIsALoginOnTheOther() {
        List<String> instances = List.of(a.base(), b.base());
        WebClient browser = new WebClient();
        HttpResponse<String> asked = browser.get(instances.get(0) + "/report?year=1999");
        assertThat(asked.statusCode()).isEqualTo(302);
        String token = WebClient.csrf(browser.get(instances.get(1) + "/login"));
        HttpResponse<String> login = browser.post(instances.get(0) + "/login",
                Map.of("username", "ann", "password", "ann-password", "_csrf", token));
        String landing = login.headers().firstValue("Location").orElseThrow();
        assertThat(landing).contains("/report?year=1999");

        HttpResponse<String> report = browser.get(instances.get(1) + landing.substring(landing.indexOf("/report")));
        assertThat(report.body()).contains("Report 1999 for ann");
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> me = browser.get(instances.get(i % 2) + "/me");
            assertThat(me.statusCode()).as("request %d on instance %d", i, i % 2).isEqualTo(200);
            assertThat(me.body()).contains("Signed in as ann");
        }
        String notesToken = WebClient.csrf(browser.get(instances.get(0) + "/notes"));
        browser.post(instances.get(1) + "/notes", Map.of("text", "across", "_csrf", notesToken));
        assertThat(browser.get(instances.get(0) + "/notes").body()).contains("<li data-type=\"Note\">across</li>");
    }

    @Test
    void aLoginOnTheOtherInstanceLogsTheFirstSessionOutOnBothInstances() {
        WebClient first = new WebClient();
        first.login(a.base(), "bob", "bob-password", false);
        assertThat(first.get(a.base() + "/me").body()).contains("Signed in as bob");
        assertThat(first.get(b.base() + "/me").body()).contains("Signed in as bob");
        String firstCookie = first.sessionCookie();

        WebClient second = new WebClient();
        second.login(b.base(), "bob", "bob-password", false);

        assertThat(second.get(b.base() + "/me").body()).contains("Signed in as bob");
        for (ExampleApp instance : List.of(a, b)) {
            WebClient replay = new WebClient();
            replay.cookies.put("connect.sid", firstCookie);
            HttpResponse<String> stale = replay.get(instance.base() + "/me");
            assertThat(stale.statusCode()).as("the first session on %s", instance.base()).isEqualTo(302);
            assertThat(stale.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        }
        assertThat(second.get(a.base() + "/me").body()).contains("Signed in as bob");
        UserSessions users = a.context().getBean(SessionManager.class).userSessions();
        assertThat(users.list("bob")).extracting(UserSession::id).containsExactly(second.sessionId());
    }
}
