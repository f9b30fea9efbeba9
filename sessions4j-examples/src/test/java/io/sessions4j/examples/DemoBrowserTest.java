package io.sessions4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

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
        browser.manage().window().setSize(new Dimension(1000, 1100));
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

    /** Keeps what the visitor sees as a build artifact: target/demo-screenshots/NAME.png. */
    private void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "demo-screenshots"));
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(dir.resolve(name + ".png"), png);
    }

    @Test
    void counterCountsLoginRemembersLogoutForgets() throws IOException {
        String home = server.uri().toString();

        browser.get(home);
        assertThat(text("welcome")).isEqualTo("welcome to the session demo. refresh!");
        // The stylesheet applies: not the browser's default serif page.
        assertThat(browser.findElement(By.tagName("body")).getCssValue("font-family")).contains("system-ui");
        assertThat(browser.findElement(By.id("session")).getCssValue("border-radius")).isEqualTo("10px");
        Cookie first = sessionCookie();
        assertThat(first).isNotNull();
        assertThat(first.isHttpOnly()).isTrue();
        assertThat(first.getExpiry().toInstant()).isCloseTo(Instant.now().plusSeconds(60), within(10, ChronoUnit.SECONDS));

        browser.navigate().refresh();
        assertThat(text("views")).isEqualTo("views: 2");
        assertThat(text("expires")).matches("expires in: \\d+ seconds");
        assertThat(text("store")).isEqualTo("MemoryStore");
        assertThat(text("session-data")).contains("views 2");
        String anonymousId = text("session-id");
        browser.navigate().refresh();
        assertThat(text("views")).isEqualTo("views: 3");
        assertThat(text("login-state")).contains("not logged in");

        clickToNavigate(By.id("login"));
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("any password");
        browser.findElement(By.id("remember")).click();
        clickToNavigate(By.id("submit"));

        assertThat(browser.getCurrentUrl()).isEqualTo(home + "?did=login");
        assertThat(text("user")).isEqualTo("alice");
        assertThat(text("did")).contains("session.regenerate()").contains("Remember me");
        assertThat(text("session-id")).as("the page shows the new id").isNotEqualTo(anonymousId);
        assertThat(text("session-data")).contains("user alice");
        assertThat(text("expires")).isEqualTo("expires in: 30 days");
        screenshot("logged-in");
        Cookie remembered = sessionCookie();
        assertThat(remembered.getValue()).as("login gives a new session id").isNotEqualTo(first.getValue());
        assertThat(remembered.getExpiry().toInstant())
                .isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(1, ChronoUnit.HOURS));

        browser.navigate().refresh();
        assertThat(text("user")).isEqualTo("alice");
        assertThat(text("views")).as("the counter goes on in the logged-in session").startsWith("views: ");

        clickToNavigate(By.id("logout"));
        assertThat(browser.getCurrentUrl()).isEqualTo(home + "?did=logout");
        assertThat(text("did")).contains("session.destroy()");
        assertThat(text("login-state")).contains("not logged in");
        screenshot("logged-out");
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

    /**
     * Clicks an element that loads another page and returns once that page has loaded. A plain {@code click()}
     * returns as soon as the click is dispatched, so the next assertion could still read the old page.
     */
    private void clickToNavigate(By target) {
        JavascriptExecutor page = (JavascriptExecutor) browser;
        // A mark on the old document: the next one starts without it.
        page.executeScript("window.sessions4jOldPage = true");
        browser.findElement(target).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(WebDriverException.class).until(d -> Boolean.TRUE
                .equals(page.executeScript("return !window.sessions4jOldPage && document.readyState === 'complete'")));
    }
}
