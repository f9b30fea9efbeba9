package io.sessions4j.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
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
 * Debian's Chromium, headless, driven by its own chromedriver (nothing is downloaded), with a fresh profile.
 * Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} the calling test is skipped, unless
 * {@code SESSIONS4J_REQUIRE_BROWSER=1} (CI sets it), where that is a failure.
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

    /** Skips (or fails, when required) unless Chromium and chromedriver are installed. */
    static void require() {
        List<String> missing = new ArrayList<>();
        for (File f : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!f.canExecute()) {
                missing.add(f.getPath());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "the browser test needs Debian's chromium and chromium-driver (apt-get install -y chromium "
                + "chromium-driver); missing: " + missing;
        if ("1".equals(System.getenv("SESSIONS4J_REQUIRE_BROWSER"))) {
            fail(reason + " (SESSIONS4J_REQUIRE_BROWSER=1)");
        }
        assumeTrue(false, reason);
    }

    static HeadlessChromium start(Path profile) {
        require();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Without the background-networking flags Chromium keeps trying to reach Google, which this machine's
        // closed network refuses.
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
     * Clicks an element that loads another page and returns once that page has loaded. A plain {@code click()}
     * returns as soon as the click is dispatched, so the next assertion could still read the old page.
     */
    static void clickToNavigate(WebDriver driver, By target) {
        JavascriptExecutor page = (JavascriptExecutor) driver;
        // A mark on the old document: the next one starts without it.
        page.executeScript("window.sessions4jOldPage = true");
        driver.findElement(target).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(WebDriverException.class).until(d -> Boolean.TRUE
                .equals(page.executeScript("return !window.sessions4jOldPage && document.readyState === 'complete'")));
    }

    /** Saves what the page shows now as a PNG at {@code file} (directories made as needed). */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(shot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot " + file, e);
        }
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
