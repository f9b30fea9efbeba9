package io.sessions4j.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.UserSession;
import io.sessions4j.UserSessions;
import io.sessions4j.spi.SessionManager;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Spring Security's session-keeping flows over real HTTP against the real example application, on one store
 * (each subclass starts the application on its store).
 */
abstract class LoginFlowContract {

    /** The running application of the subclass's store. */
    abstract ExampleApp app();

    @Test
    void loginChangesTheSessionIdAndLaterRequestsAreAuthenticated() {
        WebClient browser = new WebClient();
        browser.get(app().base() + "/login");
        String before = browser.sessionCookie();
        assertThat(before).as("the login page keeps its CSRF token in a session").isNotNull();

        HttpResponse<String> login = browser.login(app().base(), "ann", "ann-password", false);

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(browser.sessionCookie()).isNotNull().isNotEqualTo(before);
        HttpResponse<String> me = browser.get(app().base() + "/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("Signed in as ann");
        assertThat(browser.get(app().base() + "/").body()).contains("Signed in as ann");
    }

    @Test
    void aCsrfProtectedPostSucceedsWithTheTokenFromThePageAndFailsWithoutIt() {
        WebClient browser = new WebClient();
        browser.login(app().base(), "ann", "ann-password", false);
        String token = WebClient.csrf(browser.get(app().base() + "/notes"));

        HttpResponse<String> added = browser.post(app().base() + "/notes", Map.of("text", "first", "_csrf", token));
        assertThat(added.statusCode()).isEqualTo(302);
        browser.post(app().base() + "/notes", Map.of("text", "second", "_csrf", token));
        HttpResponse<String> forged = browser.post(app().base() + "/notes", Map.of("text", "forged"));
        HttpResponse<String> wrong = browser.post(app().base() + "/notes", Map.of("text", "forged", "_csrf", "nope"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        String notes = browser.get(app().base() + "/notes").body();
        // Each request loads the session from the store: the list comes back as Notes, not as maps.
        assertThat(notes).contains("<li data-type=\"Note\">first</li><li data-type=\"Note\">second</li>")
                .doesNotContain("forged");
    }

    @Test
    void aProtectedPageRedirectsToLoginAndTheLoginLandsOnThePageFirstAskedFor() {
        WebClient browser = new WebClient();
        HttpResponse<String> asked = browser.get(app().base() + "/report?year=2026");
        assertThat(asked.statusCode()).isEqualTo(302);
        assertThat(asked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        HttpResponse<String> login = browser.login(app().base(), "ann", "ann-password", false);

        String landing = login.headers().firstValue("Location").orElseThrow();
        assertThat(landing).contains("/report?year=2026");
        HttpResponse<String> report = browser.get(landing);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("Report 2026 for ann");
    }

    @Test
    void logoutDestroysTheSessionAndExpiresTheCookie() {
        WebClient browser = new WebClient();
        browser.login(app().base(), "ann", "ann-password", false);
        String loggedIn = browser.sessionCookie();
        String token = WebClient.csrf(browser.get(app().base() + "/me"));

        HttpResponse<String> logout = browser.post(app().base() + "/logout", Map.of("_csrf", token));

        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(browser.lastSetCookies).anySatisfy(c -> assertThat(c).startsWith("connect.sid=")
                .contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
        assertThat(browser.sessionCookie()).isNull();
        // The old cookie, replayed, names no session any more.
        WebClient replay = new WebClient();
        replay.cookies.put("connect.sid", loggedIn);
        HttpResponse<String> me = replay.get(app().base() + "/me");
        assertThat(me.statusCode()).isEqualTo(302);
        assertThat(me.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void rememberMeSignsInAgainWithoutTheSession() {
        WebClient browser = new WebClient();
        browser.login(app().base(), "bob", "bob-password", true);
        assertThat(browser.cookies).containsKey("remember-me");

        WebClient later = new WebClient();
        later.cookies.put("remember-me", browser.cookies.get("remember-me"));
        HttpResponse<String> me = later.get(app().base() + "/me");

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("Signed in as bob");
        assertThat(later.sessionCookie()).isNotNull();
    }

    @Test
    void aSecondLoginOfTheSameUserEndsTheFirstSession() {
        WebClient first = new WebClient();
        first.login(app().base(), "ann", "ann-password", false);
        String firstId = first.sessionId();
        assertThat(first.get(app().base() + "/me").body()).contains("Signed in as ann");

        WebClient second = new WebClient();
        second.login(app().base(), "ann", "ann-password", false);

        assertThat(second.get(app().base() + "/me").body()).contains("Signed in as ann");
        // maximumSessions(1) on the store's registry destroyed the first session: its cookie names none now.
        assertThat(userSessions().list("ann")).extracting(UserSession::id).containsExactly(second.sessionId())
                .doesNotContain(firstId);
        HttpResponse<String> stale = first.get(app().base() + "/me");
        assertThat(stale.statusCode()).isEqualTo(302);
        assertThat(stale.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void theFormLoginNamesTheUserAsThePrincipalOfTheIdTheLoginGaveTheSession() {
        WebClient browser = new WebClient();
        browser.get(app().base() + "/login");
        String before = browser.sessionId();

        browser.login(app().base(), "bob", "bob-password", false);

        String after = browser.sessionId();
        assertThat(after).isNotNull().isNotEqualTo(before);
        assertThat(userSessions().list("bob")).extracting(UserSession::id).contains(after).doesNotContain(before);
        // And logout takes it out of the index with the session.
        String token = WebClient.csrf(browser.get(app().base() + "/me"));
        browser.post(app().base() + "/logout", Map.of("_csrf", token));
        assertThat(userSessions().list("bob")).extracting(UserSession::id).doesNotContain(after);
    }

    @Test
    void aProgrammaticLoginThatSavesTheContextNamesThePrincipalToo() {
        WebClient client = new WebClient();
        String token = WebClient.csrf(client.get(app().base() + "/login"));
        String before = client.sessionId();

        HttpResponse<String> login = client.post(app().base() + "/api/login",
                Map.of("username", "bob", "password", "bob-password", "_csrf", token));
        WebClient guesser = new WebClient();
        String guesserToken = WebClient.csrf(guesser.get(app().base() + "/login"));
        HttpResponse<String> wrong = guesser.post(app().base() + "/api/login",
                Map.of("username", "bob", "password", "nope", "_csrf", guesserToken));

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).isEqualTo("signed in as bob");
        assertThat(client.sessionId()).isNotEqualTo(before);
        assertThat(userSessions().list("bob")).extracting(UserSession::id).contains(client.sessionId())
                .doesNotContain(before);
        assertThat(client.get(app().base() + "/me").body()).contains("Signed in as bob");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(userSessions().list("bob")).extracting(UserSession::id).doesNotContain(guesser.sessionId());
    }

    /** The running application's sessions of each user, from the store's index. */
    UserSessions userSessions() {
        return app().context().getBean(SessionManager.class).userSessions();
    }

    @Test
    void inChromiumTheLoginCsrfSavedRequestAndLogoutFlowWorks() {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver browser = chromium.driver();
            browser.get(app().base() + "/report?year=2026");
            assertThat(browser.getCurrentUrl()).endsWith("/login");
            String before = browser.manage().getCookieNamed("connect.sid").getValue();
            browser.findElement(By.id("username")).sendKeys("ann");
            browser.findElement(By.id("password")).sendKeys("ann-password");
            chromium.clickToNavigate(By.cssSelector("button[type=submit]"));

            assertThat(browser.findElement(By.id("report")).getText()).isEqualTo("Report 2026 for ann");
            assertThat(browser.manage().getCookieNamed("connect.sid").getValue()).isNotEqualTo(before);

            browser.get(app().base() + "/notes");
            browser.findElement(By.id("text")).sendKeys("from the browser");
            chromium.clickToNavigate(By.id("add"));
            assertThat(browser.findElement(By.cssSelector("#notes li[data-type=Note]")).getText())
                    .isEqualTo("from the browser");
            // The same form without its token is refused.
            ((JavascriptExecutor) browser).executeScript("document.querySelector('input[name=_csrf]').remove()");
            browser.findElement(By.id("text")).sendKeys("forged");
            chromium.clickToNavigate(By.id("add"));
            assertThat(browser.getPageSource()).contains("403");
            browser.get(app().base() + "/notes");
            assertThat(browser.getPageSource()).doesNotContain("forged");

            browser.get(app().base() + "/me");
            chromium.clickToNavigate(By.id("logout"));
            assertThat(browser.getCurrentUrl()).endsWith("/?bye");
            assertThat(browser.getPageSource()).contains("Not signed in");
            Cookie left = browser.manage().getCookieNamed("connect.sid");
            assertThat(left).as("the expired cookie is gone from the browser").isNull();
            browser.get(app().base() + "/me");
            assertThat(browser.getCurrentUrl()).endsWith("/login");
        }
    }
}
