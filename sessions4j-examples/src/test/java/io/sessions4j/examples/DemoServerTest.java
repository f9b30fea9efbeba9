package io.sessions4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo over real HTTP, cookie by cookie: what a browser would see, checked header by header. */
class DemoServerTest {
    private static final Pattern EXPIRES = Pattern.compile("(?i);\\s*Expires=([^;]+)");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private DemoServer server;
    /** The one cookie this client keeps (name=value), as a browser would. */
    private String cookie;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(DemoOptions options) throws Exception {
        server = DemoServer.start(options.withPort(0).withSecret("demo test secret, long enough to sign"));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.uri().resolve(path)).GET());
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(server.uri().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.substring(0, setCookie.indexOf(';'));
            Optional<Instant> expires = expires(setCookie);
            cookie = expires.isPresent() && !expires.get().isAfter(Instant.now()) ? null : pair;
        }
        return response;
    }

    private static Optional<Instant> expires(String setCookie) {
        Matcher m = EXPIRES.matcher(setCookie);
        return m.find()
                ? Optional.of(ZonedDateTime.parse(m.group(1).trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                : Optional.empty();
    }

    @Test
    void withIdTransportHeaderAnApiClientCountsWithItsToken() throws Exception {
        start(DemoOptions.parse(new String[] {"--id-transport", "header"}, Map.of()));
        HttpResponse<String> first = get("/");
        assertThat(first.headers().allValues("Set-Cookie")).isEmpty();
        String token = first.headers().firstValue("X-Session-Token").orElseThrow();
        assertThat(token).startsWith("s%3A");
        HttpResponse<String> second = send(HttpRequest.newBuilder(server.uri().resolve("/whoami"))
                .header("X-Session-Token", token).GET());
        assertThat(second.body()).isEqualTo("user: (anonymous)\nviews: 1\n");
        assertThat(second.headers().firstValue("X-Session-Token")).isEmpty();
    }

    @Test
    void counterCountsWithTheSeedsWordsAndExpiry() throws Exception {
        start(DemoOptions.defaults());

        HttpResponse<String> first = get("/");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/html"));
        assertThat(first.body()).contains("welcome to the session demo. refresh!").contains("not logged in");
        List<String> setCookie = first.headers().allValues("Set-Cookie");
        assertThat(setCookie).hasSize(1);
        assertThat(setCookie.get(0)).startsWith("connect.sid=s%3A").contains("HttpOnly").contains("SameSite=Lax");
        assertThat(expires(setCookie.get(0)).orElseThrow())
                .isCloseTo(Instant.now().plusSeconds(60), within(5, ChronoUnit.SECONDS));

        String second = get("/").body();
        assertThat(second).contains("views: 2").containsPattern("expires in: (5\\d|60) seconds")
                .contains("<code id=\"store\">MemoryStore</code>")
                .contains("<tr><th>views</th><td>2</td></tr>");
        assertThat(get("/").body()).contains("views: 3");
        assertThat(get("/whoami").body()).isEqualTo("user: (anonymous)\nviews: 3\n");
    }

    @Test
    void loginRegeneratesTheSessionAndRememberMeLastsThirtyDays() throws Exception {
        start(DemoOptions.defaults());
        get("/");
        String before = cookie;

        assertThat(get("/login").body()).contains("<form method=\"post\" action=\"/login\">");
        HttpResponse<String> login = post("/login", Map.of("username", "alice", "password", "x", "remember", "1"));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).endsWith("/?did=login"));
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).as("a new id on login").isNotEqualTo(before);
        assertThat(expires(setCookie).orElseThrow())
                .isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(1, ChronoUnit.MINUTES));

        HttpResponse<String> home = get("/?did=login");
        assertThat(home.body()).contains("logged in as <b id=\"user\">alice</b>").contains("action=\"/logout\"")
                .contains("expires in: 30 days").contains("session.regenerate()").contains("Remember me")
                .contains("<tr><th>user</th><td>alice</td></tr>");
        assertThat(get("/whoami").body()).startsWith("user: alice\n");

        // The old id no longer names a session: replaying it gets a fresh, anonymous one.
        String current = cookie;
        cookie = before;
        assertThat(get("/whoami").body()).startsWith("user: (anonymous)");
        cookie = current;

        HttpResponse<String> logout = post("/logout", Map.of());
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).endsWith("/?did=logout"));
        assertThat(cookie).as("logout expires the cookie").isNull();
        assertThat(get("/?did=logout").body()).contains("welcome to the session demo").contains("not logged in")
                .contains("session.destroy()");
        cookie = current;
        assertThat(get("/whoami").body()).as("the destroyed session stays gone").startsWith("user: (anonymous)");
    }

    @Test
    void aHandMadeNoticeLinkClaimsNothing() throws Exception {
        start(DemoOptions.defaults());
        assertThat(get("/?did=login").body()).as("not logged in").doesNotContain("id=\"did\"");
        post("/login", Map.of("username", "carol", "password", "pw"));
        assertThat(get("/?did=logout").body()).as("still logged in").doesNotContain("id=\"did\"");
        assertThat(get("/?did=login").body()).as("no remember me").contains("id=\"did\"")
                .doesNotContain("Remember me");
    }

    @Test
    void loginWithoutRememberMeKeepsTheShortCookie() throws Exception {
        start(DemoOptions.defaults());
        HttpResponse<String> login = post("/login", Map.of("username", "bob", "password", "pw"));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(expires(login.headers().firstValue("Set-Cookie").orElseThrow()).orElseThrow())
                .isCloseTo(Instant.now().plusSeconds(60), within(5, ChronoUnit.SECONDS));
    }

    @Test
    void userInputIsEscapedEverywhere() throws Exception {
        start(DemoOptions.defaults());
        String evil = "<script>alert('x')</script>&\"";
        HttpResponse<String> refused = post("/login", Map.of("username", evil, "password", ""));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("<script>")
                .contains("value=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\"")
                .contains("Enter a password");

        post("/login", Map.of("username", evil, "password", "pw"));
        String home = get("/").body();
        assertThat(home).doesNotContain("<script>")
                .contains("logged in as <b id=\"user\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</b>");
        HttpResponse<String> whoami = get("/whoami");
        assertThat(whoami.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain"));
        assertThat(whoami.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void badLoginsAreClearlyRefused() throws Exception {
        start(DemoOptions.defaults());
        assertThat(post("/login", Map.of("username", "  ", "password", "pw")).statusCode()).isEqualTo(400);
        assertThat(post("/login", Map.of("username", "a".repeat(65), "password", "pw")).body())
                .contains("1 to 64 printable characters");
        assertThat(post("/login", Map.of("password", "pw")).statusCode()).isEqualTo(400);
        assertThat(get("/logout").statusCode()).as("logout is POST only").isEqualTo(405);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void tamperedCookiesGetAFreshSessionNotAnError() throws Exception {
        start(DemoOptions.defaults());
        get("/");
        cookie = cookie.substring(0, cookie.length() - 2) + "xx";
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("welcome to the session demo");
        cookie = "connect.sid=%E0%A4%A";
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    /**
     * Jetty caches header fields per connection and, by default, matches a cached field ignoring case: a
     * {@code Cookie} header that differs from an earlier one only in case would then be read as the earlier
     * one, and a forged, case-flipped cookie would get the real session.
     */
    @Test
    void aCaseFlippedCookieOnTheSameConnectionIsNotReadAsTheOriginal() throws Exception {
        start(DemoOptions.defaults());
        get("/");
        get("/");
        String flipped = cookie.substring(0, "connect.sid=s%3A".length())
                + swapCase(cookie.substring("connect.sid=s%3A".length()));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            assertThat(rawGet(socket, "/whoami", cookie)).as("the real cookie").endsWith("views: 2\n");
            assertThat(rawGet(socket, "/whoami", cookie)).as("again, now from the header cache").endsWith("views: 2\n");
            assertThat(rawGet(socket, "/whoami", flipped)).as("the forged cookie").endsWith("views: 0\n");
        }
    }

    private static String swapCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return sb.toString();
    }

    /** One keep-alive GET on an open connection; returns the body (the demo's pages send Content-Length). */
    private static String rawGet(Socket socket, String path, String cookieHeader) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookieHeader + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.write(b);
        }
        Matcher length = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)").matcher(head.toString(StandardCharsets.ISO_8859_1));
        assertThat(length.find()).as("Content-Length in " + head).isTrue();
        return new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
    }

    @Test
    void withoutSessionsThePagesStillServe() throws Exception {
        start(DemoOptions.defaults().withSessions(false));
        HttpResponse<String> first = get("/");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("views: 1").contains("sessions are off");
        assertThat(first.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(get("/").body()).contains("views: 1");
        assertThat(get("/whoami").body()).isEqualTo("user: (anonymous)\nviews: 0\n");
        assertThat(get("/login").statusCode()).isEqualTo(404);
        assertThat(post("/login", Map.of("username", "a", "password", "b")).statusCode()).isEqualTo(404);
    }

    @Test
    void badFlagsExitWithTwoAndSayWhy() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoServer.run(new String[] {"--prot", "1"}, Map.of(), print(out), print(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--prot'").contains("usage:");
        assertThat(out.size()).isZero();

        err.reset();
        code = DemoServer.run(new String[] {"--store", "nosuch://x", "--port", "0"}, Map.of(), print(out), print(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nosuch://x");
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = DemoServer.run(new String[] {"--help"}, Map.of(), print(out), print(new ByteArrayOutputStream()));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--no-session").contains("SESSION_SECRET");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void listensWhereItSays() throws Exception {
        start(DemoOptions.defaults());
        assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/"));
        assertThat(server.port()).isPositive();
    }
}
