package io.sessions4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The demo in a real browser: Debian's Chromium, headless, driven by its own chromedriver (nothing is
 * downloaded). The browser keeps the cookie, so this is the README's promise end to end: the counter
 * counts, login shows the user and makes the cookie last 30 days, logout forgets everything.
 *
 * <p>Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} the test is skipped, unless
 * {@code SESSIONS4J_REQUIRE_BROWSER=1} (CI sets it), where a missing browser is a failure.
 */
class DemoBrowserTest {
    // Overridable only so the skip / fail rule itself can be tried on a machine that has the browser.
    private static final File CHROMIUM = new File(System.getProperty("sessions4j.chromium", "/usr/bin/chromium"));
    private static final File CHROMEDRIVER =
            new File(System.getProperty("sessions4j.chromedriver", "/usr/bin/chromedriver"));

    @TempDir
    Path profile;

    private DemoServer server;
    private ChromeDriverService service;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        requireBrowser();
        server = DemoServer.start(DemoOptions.defaults().withPort(0).withSecret("browser test secret: at least 32 bytes long"));
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Without the background-networking flags Chromium keeps trying to reach Google, which this
        // machine's closed network refuses; a fresh profile keeps runs independent.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath());
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void requireBrowser() {
        List<String> missing = new ArrayList<>();
        for (File f : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!f.canExecute()) {
                missing.add(f.getPath());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "browser test needs Debian's chromium and chromium-driver (apt-get install -y chromium "
                + "chromium-driver); missing: " + missing;
        if ("1".equals(System.getenv("SESSIONS4J_REQUIRE_BROWSER"))) {
            fail(reason + " (SESSIONS4J_REQUIRE_BROWSER=1)");
        }
        assumeTrue(false, reason);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private Cookie sessionCookie() {
        return browser.manage().getCookieNamed("connect.sid");
    }

    @Test
    void counterCountsLoginRemembersLogoutForgets() {
        String home = server.uri().toString();

        browser.get(home);
        assertThat(text("welcome")).isEqualTo("welcome to the session demo. refresh!");
        Cookie first = sessionCookie();
        assertThat(first).isNotNull();
        assertThat(first.isHttpOnly()).isTrue();
        assertThat(first.getExpiry().toInstant()).isCloseTo(Instant.now().plusSeconds(60), within(10, ChronoUnit.SECONDS));

        browser.navigate().refresh();
        assertThat(text("views")).isEqualTo("views: 2");
        assertThat(text("expires")).matches("expires in: \\d+s");
        browser.navigate().refresh();
        assertThat(text("views")).isEqualTo("views: 3");
        assertThat(text("login-state")).contains("not logged in");

        browser.findElement(By.id("login")).click();
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("any password");
        browser.findElement(By.id("remember")).click();
        browser.findElement(By.id("submit")).click();

        assertThat(browser.getCurrentUrl()).isEqualTo(home);
        assertThat(text("user")).isEqualTo("alice");
        Cookie remembered = sessionCookie();
        assertThat(remembered.getValue()).as("login gives a new session id").isNotEqualTo(first.getValue());
        assertThat(remembered.getExpiry().toInstant())
                .isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(1, ChronoUnit.HOURS));

        browser.navigate().refresh();
        assertThat(text("user")).isEqualTo("alice");
        assertThat(text("views")).as("the counter goes on in the logged-in session").startsWith("views: ");

        browser.findElement(By.id("logout")).click();
        assertThat(browser.getCurrentUrl()).isEqualTo(home);
        assertThat(text("login-state")).contains("not logged in");
        assertThat(text("welcome")).as("a new session: the counter starts again")
                .isEqualTo("welcome to the session demo. refresh!");
        Cookie afterLogout = sessionCookie();
        assertThat(afterLogout).isNotNull();
        assertThat(afterLogout.getValue()).isNotEqualTo(remembered.getValue());
        assertThat(afterLogout.getExpiry().toInstant())
                .as("the new session has the short cookie again")
                .isCloseTo(Instant.now().plusSeconds(60), within(10, ChronoUnit.SECONDS));

        browser.navigate().refresh();
        assertThat(text("views")).isEqualTo("views: 2");
    }
}
