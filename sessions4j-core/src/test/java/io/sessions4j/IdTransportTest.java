package io.sessions4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.IdTransport.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdTransportTest {

    @Test
    void theConfigurationDefaultIsTheCookieAlone() {
        IdTransport transport = SessionConfig.builder().secrets("a secret of at least thirty-two bytes!!").build()
                .idTransport();
        assertThat(transport).isSameAs(IdTransport.cookie());
        assertThat(transport.order()).containsExactly(Channel.COOKIE);
        assertThat(transport.headerName()).isEmpty();
        assertThat(transport.usesHeader()).isFalse();
    }

    @Test
    void theHeaderIsXSessionTokenUnlessNamed() {
        assertThat(IdTransport.header().headerName()).contains("X-Session-Token");
        assertThat(IdTransport.header("X-Api-Session").headerName()).contains("X-Api-Session");
        assertThat(IdTransport.header().usesCookie()).isFalse();
    }

    @Test
    void theCombinationsKeepTheirOrder() {
        assertThat(IdTransport.headerThenCookie("X-T").order()).containsExactly(Channel.HEADER, Channel.COOKIE);
        assertThat(IdTransport.cookieThenHeader("X-T").order()).containsExactly(Channel.COOKIE, Channel.HEADER);
        assertThat(IdTransport.of(List.of(Channel.HEADER, Channel.COOKIE), null))
                .isEqualTo(IdTransport.headerThenCookie(IdTransport.DEFAULT_HEADER));
        assertThat(IdTransport.of(List.of(Channel.COOKIE), "X-Ignored")).isSameAs(IdTransport.cookie());
    }

    @Test
    void invalidTransportsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> IdTransport.of(List.of(), null)).hasMessageStartingWith("idTransport:");
        assertThatThrownBy(() -> IdTransport.of(List.of(Channel.HEADER, Channel.HEADER), null))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> IdTransport.header("X Token")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("idTransport header");
        assertThatThrownBy(() -> IdTransport.header("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdTransport.header("X-Token\r\nSet-Cookie: a=b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdTransport.header("cookie")).hasMessageContaining("cookie's own header");
    }
}
