package io.sessions4j.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pages bench/peers.sh measures behave the same behind every in-memory variant (the Redis and SQL variants
 * run the same servlet; the script checks them by running): "/" writes, "/read" only reads an existing session
 * and creates none, "/hot" and "/hot/value" count in their own key.
 */
class PeerServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"JETTY_NATIVE", "S4J_MEMORY"})
    void counterIsWrittenByRootAndOnlyReadByRead(Variant variant) throws Exception {
        try (PeerServer server = start(variant)) {
            HttpResponse<String> first = get(server, "/", null);
            String cookie = first.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
            assertThat(first.body()).isEqualTo("1\n");
            assertThat(get(server, "/", cookie).body()).isEqualTo("2\n");
            assertThat(get(server, "/read", cookie).body()).isEqualTo("2\n");
            assertThat(get(server, "/read", cookie).body()).isEqualTo("2\n");
            assertThat(get(server, "/hot", cookie).body()).isEqualTo("1\n");
            assertThat(get(server, "/hot/value", cookie).body()).isEqualTo("1\n");
            assertThat(get(server, "/read", cookie).body()).isEqualTo("2\n");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"JETTY_NONE", "JETTY_NATIVE", "S4J_MEMORY"})
    void readWithoutCookieCreatesNoSession(Variant variant) throws Exception {
        try (PeerServer server = start(variant)) {
            HttpResponse<String> read = get(server, "/read", null);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.headers().firstValue("set-cookie")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"JETTY_NONE"})
    void noSessionVariantAnswersAConstantAndSetsNoCookie(Variant variant) throws Exception {
        try (PeerServer server = start(variant)) {
            for (String page : new String[] {"/", "/", "/hot"}) {
                HttpResponse<String> response = get(server, page, null);
                assertThat(response.body()).isEqualTo("1\n");
                assertThat(response.headers().firstValue("set-cookie")).isEmpty();
            }
        }
    }

    private static PeerServer start(Variant variant) throws Exception {
        return PeerServer.start(new PeerOptions(variant, "127.0.0.1", 0, 8, Optional.empty(), Optional.empty()));
    }

    private HttpResponse<String> get(PeerServer server, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
