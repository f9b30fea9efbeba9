package io.sessions4j.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeerOptionsTest {
    @Test
    void parsesEveryFlag() {
        PeerOptions options = PeerOptions.parse("--variant", "s4j-redis", "--port", "3301", "--host", "127.0.0.2",
                "--threads", "24", "--redis", "redis://127.0.0.1:6391");
        assertThat(options.variant()).isEqualTo(Variant.S4J_REDIS);
        assertThat(options.port()).isEqualTo(3301);
        assertThat(options.host()).isEqualTo("127.0.0.2");
        assertThat(options.threads()).isEqualTo(24);
        assertThat(options.redis()).contains("redis://127.0.0.1:6391");
        assertThat(options.jdbc()).isEmpty();
    }

    @Test
    void storeVariantsRequireTheirServer() {
        assertThatThrownBy(() -> PeerOptions.parse("--variant", "spring-redis"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--redis");
        assertThatThrownBy(() -> PeerOptions.parse("--variant", "s4j-pg", "--redis", "redis://x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jdbc");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> PeerOptions.parse("--variant", "tomcat"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown variant 'tomcat'");
        assertThatThrownBy(() -> PeerOptions.parse("--variant", "jetty-none", "--port", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port needs a number");
        assertThatThrownBy(() -> PeerOptions.parse("--port", "3000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--variant is required");
        assertThatThrownBy(() -> PeerOptions.parse("--variant"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
    }
}
