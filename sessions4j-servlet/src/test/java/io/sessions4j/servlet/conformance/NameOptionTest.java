package io.sessions4j.servlet.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.SessionConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code describe('key option')} and {@code describe('name option')}. The legacy
 * {@code key} alias does not exist in sessions4j; its default is the {@code name} default. Express's
 * defaults (saveUninitialized: true), since the handlers never touch the session.
 */
@DisplayName("session() name and key options")
class NameOptionTest {
    private final TestClock clock = new TestClock();

    private Reply firstResponse(SessionConfig config) {
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            return reply;
        }
    }

    @Test
    @DisplayName("key option: should default to \"connect.sid\" (express defaults: resave, saveUninitialized)")
    void key_shouldDefaultToConnectSid() {
        assertThat(firstResponse(Express.defaults(clock).build()).setCookies())
                .extracting(SetCookie::name).containsExactly("connect.sid");
    }

    @Test
    @DisplayName("name option: should default to \"connect.sid\" (express defaults: resave, saveUninitialized)")
    void shouldDefaultToConnectSid() {
        SessionConfig config = Express.defaults(clock).build();
        assertThat(config.name()).isEqualTo("connect.sid");
        assertThat(firstResponse(config).setCookie().name()).isEqualTo("connect.sid");
    }

    @Test
    @DisplayName("name option: should set the cookie name (express defaults: resave, saveUninitialized)")
    void shouldSetTheCookieName() {
        Reply reply = firstResponse(Express.defaults(clock).name("session_id").build());
        assertThat(reply.setCookies()).extracting(SetCookie::name).containsExactly("session_id");
    }
}
