package io.sessions4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.SameSite;
import io.sessions4j.SessionConfig;
import io.sessions4j.jdbc.JdbcStore;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.redis.RedisStore;
import io.sessions4j.redis.testing.HttpAgent;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.SessionStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * A live migration as a user clicks through it: the legacy express pages ({@code /legacy/*}, node/legacy.js on
 * express-session) and the new Java pages ({@link ShopApp} on sessions4j) behind one {@link LoopbackProxy}, over
 * one store. Headless Chromium logs in on Node, shops on both sides, logs out on Java, and is logged out on
 * Node. A screenshot of every step goes to {@code target/screenshots/live-migration-<store>/}.
 */
class LiveMigrationBrowserTest {
    private static final String SECRET = "the secret list both sides share, first one signs";
    private static final Duration MAX_AGE = Duration.ofMinutes(30);

    @TempDir
    Path profile;

    private final List<AutoCloseable> running = new ArrayList<>();
    private Path screenshots;
    private int step;

    /** The store both apps share in one run. */
    enum Shared {
        REDIS, POSTGRESQL
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(Shared.class)
    void aUserLoggedInOnNodeShopsOnBothSidesAndALogoutOnJavaLogsThemOutOfNodeToo(Shared shared) throws Exception {
        HeadlessChromium.require();
        NodeApp.requireNode();
        screenshots = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "screenshots",
                "live-migration-" + shared.name().toLowerCase(Locale.ROOT));
        Backends backends = start(shared);
        ShopApp java = ShopApp.start(SessionConfig.builder()
                .secrets(SECRET)
                .store(backends.store())
                .cookie(c -> c.maxAge(MAX_AGE).sameSite(SameSite.LAX))
                .build());
        running.add(java);
        LoopbackProxy proxy = LoopbackProxy.start(backends.node().baseUrl(), java.baseUrl());
        running.add(proxy);
        HeadlessChromium chromium = HeadlessChromium.start(profile);
        running.add(chromium);
        WebDriver browser = chromium.driver();
        String site = proxy.baseUrl();

        browser.get(site + "/legacy/");
        assertServedBy(browser, "node");
        assertThat(text(browser, "login-state")).isEqualTo("not logged in");
        shot(chromium, "legacy-shop-not-logged-in");

        HeadlessChromium.clickToNavigate(browser, By.id("login"));
        browser.findElement(By.id("username")).sendKeys("ada");
        shot(chromium, "legacy-login-form");
        HeadlessChromium.clickToNavigate(browser, By.id("submit"));
        assertThat(browser.getCurrentUrl()).isEqualTo(site + "/legacy/");
        assertThat(text(browser, "user")).isEqualTo("ada");
        Cookie nodeCookie = sessionCookie(browser);
        assertThat(nodeCookie.isHttpOnly()).isTrue();
        assertThat(nodeCookie.getSameSite()).isEqualTo("Lax");
        assertThat(nodeCookie.getPath()).isEqualTo("/");
        shot(chromium, "node-logged-in");

        addToCart(browser, "tea");
        assertThat(cart(browser)).containsExactly("tea");
        shot(chromium, "node-added-tea");

        HeadlessChromium.clickToNavigate(browser, By.id("to-java"));
        assertThat(browser.getCurrentUrl()).isEqualTo(site + "/account");
        assertServedBy(browser, "java");
        assertThat(text(browser, "user")).as("Java sees the login made on Node").isEqualTo("ada");
        assertThat(text(browser, "session-id")).isEqualTo(idOf(nodeCookie.getValue()));
        assertThat(cart(browser)).containsExactly("tea");
        shot(chromium, "java-account-sees-node-login");

        addToCart(browser, "cups");
        assertThat(browser.getCurrentUrl()).isEqualTo(site + "/account");
        assertThat(cart(browser)).containsExactly("tea", "cups");
        Cookie javaCookie = sessionCookie(browser);
        assertThat(javaCookie.getValue()).as("the same session, signed the same way").isEqualTo(nodeCookie.getValue());
        assertThat(javaCookie.isHttpOnly()).isTrue();
        assertThat(javaCookie.getSameSite()).isEqualTo("Lax");
        assertThat(javaCookie.getPath()).isEqualTo("/");
        shot(chromium, "java-added-cups");

        HeadlessChromium.clickToNavigate(browser, By.id("to-node"));
        assertServedBy(browser, "node");
        assertThat(cart(browser)).as("Node sees Java's change").containsExactly("tea", "cups");
        assertThat(text(browser, "session-id")).isEqualTo(idOf(nodeCookie.getValue()));
        addToCart(browser, "kettle");
        assertThat(cart(browser)).containsExactly("tea", "cups", "kettle");
        shot(chromium, "node-sees-cups-and-adds-kettle");

        HeadlessChromium.clickToNavigate(browser, By.id("to-java"));
        assertThat(cart(browser)).containsExactly("tea", "cups", "kettle");
        assertThat(text(browser, "user")).isEqualTo("ada");
        shot(chromium, "java-sees-kettle");

        String loggedInCookie = sessionCookie(browser).getValue();
        String sessionId = idOf(loggedInCookie);
        assertThat(backends.store().get(sessionId)).isPresent();
        HeadlessChromium.clickToNavigate(browser, By.id("logout"));
        assertThat(browser.getCurrentUrl()).as("Java's logout sends the browser to the legacy shop")
                .isEqualTo(site + "/legacy/");
        assertServedBy(browser, "node");
        assertThat(text(browser, "login-state")).as("logged out on Node too").isEqualTo("not logged in");
        assertThat(cart(browser)).isEmpty();
        assertThat(backends.store().get(sessionId)).as("the session is gone from the store").isEmpty();
        shot(chromium, "java-logout-node-logged-out");

        // The old cookie, put back by hand, opens nothing on either side: the session is gone, not just the cookie.
        browser.manage().deleteCookieNamed("connect.sid");
        browser.manage().addCookie(new Cookie.Builder("connect.sid", loggedInCookie).path("/").isHttpOnly(true)
                .sameSite("Lax").build());
        browser.navigate().refresh();
        assertThat(text(browser, "login-state")).isEqualTo("not logged in");
        shot(chromium, "old-cookie-on-node-not-logged-in");
        browser.get(site + "/account");
        assertServedBy(browser, "java");
        assertThat(text(browser, "login-state")).isEqualTo("not logged in");
        shot(chromium, "old-cookie-on-java-not-logged-in");
    }

    // ---- the two apps' store ----

    private record Backends(NodeApp node, SessionStore store) {
    }

    private Backends start(Shared shared) {
        return switch (shared) {
            case REDIS -> {
                TestRedis redis = TestRedis.externalOrOwned();
                running.add(redis);
                String prefix = TestRedis.uniquePrefix("live-migration");
                // ShopApp's SessionFilter closes the store it was given when the app stops: clear through another.
                running.add(() -> {
                    try (RedisStore cleaner = RedisStore.builder().uri(redis.uri()).prefix(prefix).build()) {
                        cleaner.clear();
                    }
                });
                RedisStore store = RedisStore.builder().uri(redis.uri()).prefix(prefix).build();
                running.add(store);
                NodeApp node = NodeApp.overRedis(redis.uri(), prefix).secrets(List.of(SECRET))
                        .maxAge(MAX_AGE.toMillis()).set("SAME_SITE", "lax").start();
                running.add(node);
                yield new Backends(node, store);
            }
            case POSTGRESQL -> {
                String url = TestDatabases.postgresUrl();
                HikariDataSource pool = TestDatabases.pool(url, 4);
                running.add(pool);
                String table = TestDatabases.uniqueTable();
                running.add(() -> TestDatabases.dropStoreTables(pool, table));
                JdbcStore.builder(pool).table(table).createTableIfMissing(true).pruneInterval(Duration.ZERO).build()
                        .close();
                NodeApp node = NodeApp.overPostgres(url, table).secrets(List.of(SECRET)).maxAge(MAX_AGE.toMillis())
                        .set("SAME_SITE", "lax").start();
                running.add(node);
                // The zone connect-pg-simple writes "expire" in; JdbcStore is pinned to it (see the jdbc README).
                String zone = new HttpAgent("connect.sid").get(node.baseUrl() + "/tz").json().get("timeZone").asText();
                JdbcStore store = JdbcStore.builder(pool).table(table).timeZone(ZoneId.of(zone))
                        .pruneInterval(Duration.ZERO).build();
                running.add(store);
                yield new Backends(node, store);
            }
        };
    }

    // ---- the page ----

    private void shot(HeadlessChromium chromium, String name) {
        step++;
        chromium.screenshot(screenshots.resolve(String.format(Locale.ROOT, "%02d-%s.png", step, name)));
    }

    private static void addToCart(WebDriver browser, String item) {
        browser.findElement(By.id("item")).sendKeys(item);
        HeadlessChromium.clickToNavigate(browser, By.id("add"));
    }

    private static List<String> cart(WebDriver browser) {
        return browser.findElements(By.cssSelector("#cart li")).stream().map(WebElement::getText).toList();
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void assertServedBy(WebDriver browser, String side) {
        assertThat(text(browser, "served-by")).contains("served by " + side);
    }

    private static Cookie sessionCookie(WebDriver browser) {
        Cookie cookie = browser.manage().getCookieNamed("connect.sid");
        assertThat(cookie).as("the connect.sid cookie").isNotNull();
        return cookie;
    }

    /** The session id inside a signed cookie value ({@code s:<id>.<signature>}, percent-encoded). */
    private static String idOf(String cookieValue) {
        String value = URLDecoder.decode(cookieValue, StandardCharsets.UTF_8);
        return value.substring(2, value.lastIndexOf('.'));
    }
}
