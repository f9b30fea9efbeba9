package io.sessions4j.spring.example;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, with its own chromedriver and a fresh profile (nothing is downloaded). Without them
 * the calling test is skipped, unless SESSIONS4J_REQUIRE_BROWSER=1 makes that a failure.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final WebDriver driver;

    private HeadlessChromium(ChromeDriverService service, WebDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    static HeadlessChromium start() {
        List<String> missing = new ArrayList<>();
        for (File f : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!f.canExecute()) {
                missing.add(f.getPath());
            }
        }
        if (!missing.isEmpty()) {
            String reason = "the browser test needs Debian's chromium and chromium-driver; missing: " + missing;
            if ("1".equals(System.getenv("SESSIONS4J_REQUIRE_BROWSER"))) {
                fail(reason + " (SESSIONS4J_REQUIRE_BROWSER=1)");
            }
            assumeTrue(false, reason);
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("sessions4j-boot-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Without the background-networking flags Chromium keeps trying to reach Google, which a closed network refuses.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=900,640", "--user-data-dir=" + profile.toAbsolutePath());
        try {
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(service, driver);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Clicks something that loads another page and returns once that page has loaded: a mark set on the old
     * document is gone on the new one (Chromium 156 answers a stale element with an inspector error, so waiting
     * for staleness does not work).
     */
    void clickToNavigate(By target) {
        JavascriptExecutor page = (JavascriptExecutor) driver;
        page.executeScript("window.sessions4jOldPage = true");
        driver.findElement(target).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(WebDriverException.class).until(d -> Boolean.TRUE
                .equals(page.executeScript("return !window.sessions4jOldPage && document.readyState === 'complete'")));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
