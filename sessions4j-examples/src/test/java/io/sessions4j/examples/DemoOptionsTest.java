package io.sessions4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.IdTransport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    private static DemoOptions parse(Map<String, String> env, String... args) throws UsageException {
        return DemoOptions.parse(args, env);
    }

    @Test
    void defaultsAreTheSeedsDemo() throws UsageException {
        DemoOptions o = parse(Map.of());
        assertThat(o.port()).isEqualTo(3000);
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.secret()).isEmpty();
        assertThat(o.store()).isEqualTo("memory");
        assertThat(o.cookieMaxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.sessions()).isTrue();
        assertThat(o.threads()).isZero();
        assertThat(o.help()).isFalse();
    }

    @Test
    void environmentFillsWhatTheFlagsLeaveOut() throws UsageException {
        DemoOptions o = parse(Map.of("PORT", "8080", "SESSION_SECRET", "from env", "SESSION_STORE", "redis://x:1",
                "HOST", "0.0.0.0"));
        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.secret()).contains("from env");
        assertThat(o.store()).isEqualTo("redis://x:1");
        assertThat(o.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void flagsWinOverTheEnvironment() throws UsageException {
        DemoOptions o = parse(Map.of("PORT", "8080", "SESSION_SECRET", "from env"),
                "--port", "9090", "--secret=from flag", "--store", "memory", "--cookie-max-age", "10m",
                "--threads", "8", "--no-session");
        assertThat(o.port()).isEqualTo(9090);
        assertThat(o.secret()).contains("from flag");
        assertThat(o.cookieMaxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.threads()).isEqualTo(8);
        assertThat(o.sessions()).isFalse();
    }

    @Test
    void cookieMaxAgeTakesSecondsUnitsIsoAndSession() throws UsageException {
        assertThat(DemoOptions.duration("--cookie-max-age", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DemoOptions.duration("--cookie-max-age", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DemoOptions.duration("--cookie-max-age", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DemoOptions.duration("--cookie-max-age", "30d")).isEqualTo(Duration.ofDays(30));
        assertThat(DemoOptions.duration("--cookie-max-age", "PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DemoOptions.duration("--cookie-max-age", "session")).isNull();
    }

    @Test
    void idTransportTakesCookieHeaderOrBothInOrder() throws UsageException {
        assertThat(parse(Map.of()).idTransport()).isEqualTo(IdTransport.cookie());
        assertThat(parse(Map.of(), "--id-transport", "header").idTransport()).isEqualTo(IdTransport.header());
        assertThat(parse(Map.of(), "--id-transport=header,cookie").idTransport())
                .isEqualTo(IdTransport.headerThenCookie(IdTransport.DEFAULT_HEADER));
        assertThat(parse(Map.of(), "--id-transport", "Cookie, Header").idTransport())
                .isEqualTo(IdTransport.cookieThenHeader(IdTransport.DEFAULT_HEADER));
        assertThatThrownBy(() -> parse(Map.of(), "--id-transport", "url")).hasMessageContaining("--id-transport");
        assertThatThrownBy(() -> parse(Map.of(), "--id-transport", "header,header"))
                .hasMessageContaining("--id-transport").hasMessageContaining("twice");
    }

    @Test
    void badValuesAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> parse(Map.of(), "--port", "http")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> parse(Map.of(), "--port", "70000")).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> parse(Map.of("PORT", "x"))).hasMessageContaining("PORT");
        assertThatThrownBy(() -> parse(Map.of(), "--cookie-max-age", "0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> parse(Map.of(), "--cookie-max-age", "-5s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> parse(Map.of(), "--cookie-max-age", "soon")).hasMessageContaining("--cookie-max-age");
        assertThatThrownBy(() -> parse(Map.of(), "--threads", "2")).hasMessageContaining("--threads");
        assertThatThrownBy(() -> parse(Map.of(), "--secret", "")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> parse(Map.of(), "--secret")).hasMessageContaining("--secret needs a value");
        assertThatThrownBy(() -> parse(Map.of(), "--store", "--no-session")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse(Map.of(), "--no-session=yes")).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> parse(Map.of(), "--verbose")).hasMessage("unknown option '--verbose'");
        assertThatThrownBy(() -> parse(Map.of(), "3000")).hasMessage("unknown option '3000'");
    }
}
