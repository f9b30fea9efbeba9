package io.sessions4j.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.MemoryStore;
import io.sessions4j.PrincipalLimit;
import io.sessions4j.SessionConfig;
import io.sessions4j.UserSession;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spi.SessionManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.ConcurrentSessionControlAuthenticationStrategy;
import org.springframework.security.web.authentication.session.RegisterSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionFixationProtectionStrategy;

/** The registry over a real engine, filter and memory store, driven the way Spring Security's strategies drive it. */
class Sessions4jSessionRegistryTest {
    private static final UserDetails ANN = User.withUsername("ann").password("x").roles("USER").build();

    private final MemoryStore store = new MemoryStore();
    private SessionManager manager = manager(null);
    private SessionFilter filter = new SessionFilter(manager);
    private Sessions4jSessionRegistry registry = new Sessions4jSessionRegistry(manager::userSessions);

    @AfterEach
    void close() {
        store.close();
    }

    private SessionManager manager(PrincipalLimit limit) {
        return SessionManager.create(SessionConfig.builder().secrets("a registry test secret long enough to sign with")
                .store(store).principalLimit(limit).build());
    }

    private void limit(PrincipalLimit limit) {
        manager = manager(limit);
        filter = new SessionFilter(manager);
        registry = new Sessions4jSessionRegistry(manager::userSessions);
    }

    /** A browser whose session holds something (a CSRF token, say) and was registered for the principal. */
    private Browser loggedIn(Object principal) {
        Browser browser = new Browser(filter);
        browser.request(r -> {
            r.getSession().setAttribute("csrf", "token");
            registry.registerNewSession(r.getSession().getId(), principal);
        });
        return browser;
    }

    private List<UserSession> annsSessions() {
        return manager.userSessions().list("ann");
    }

    @Test
    void registerNewSessionNamesThePrincipalOnTheRequestsOwnSession() {
        Browser browser = loggedIn(ANN);

        String id = browser.sessionId();
        assertThat(annsSessions()).extracting(UserSession::id).containsExactly(id);
        List<SessionInformation> all = registry.getAllSessions(ANN, false);
        assertThat(all).singleElement().satisfies(info -> {
            assertThat(info.getSessionId()).isEqualTo(id);
            assertThat(info.getPrincipal()).isSameAs(ANN);
            assertThat(info.isExpired()).isFalse();
        });
        // A name finds the same sessions as the UserDetails it names.
        assertThat(registry.getAllSessions("ann", true)).extracting(SessionInformation::getSessionId).containsExactly(id);
        assertThat(registry.getAllSessions("bob", false)).isEmpty();
    }

    @Test
    void expireNowEndsTheSessionInTheStoreSoItsNextRequestHasNone() {
        Browser first = loggedIn(ANN);
        Browser second = loggedIn("ann");
        String firstId = first.sessionId();
        List<SessionInformation> all = registry.getAllSessions(ANN, false);
        assertThat(all).hasSize(2);

        all.stream().filter(i -> i.getSessionId().equals(firstId)).findFirst().orElseThrow().expireNow();

        assertThat(store.get(firstId)).isEmpty();
        assertThat(annsSessions()).extracting(UserSession::id).containsExactly(second.sessionId());
        String[] seen = new String[1];
        first.request(r -> seen[0] = String.valueOf(r.getSession(false)));
        assertThat(seen[0]).as("the replayed cookie names no session").isEqualTo("null");
    }

    @Test
    void getSessionInformationAnswersForTheRequestsOwnNamedSessionOnly() {
        Browser ann = loggedIn(ANN);
        Browser nobody = new Browser(filter);
        nobody.request(r -> r.getSession().setAttribute("k", "v"));
        String annsId = ann.sessionId();
        List<SessionInformation> infos = new ArrayList<>();

        ann.request(r -> {
            infos.add(registry.getSessionInformation(r.getSession().getId()));
            infos.add(registry.getSessionInformation("another-id"));
        });
        nobody.request(r -> infos.add(registry.getSessionInformation(r.getSession().getId())));
        infos.add(registry.getSessionInformation(annsId));

        assertThat(infos.get(0)).isNotNull().satisfies(i -> {
            assertThat(i.getSessionId()).isEqualTo(annsId);
            assertThat(i.getPrincipal()).isEqualTo("ann");
            assertThat(i.isExpired()).isFalse();
        });
        assertThat(infos.subList(1, 4)).as("another id; a session of nobody; outside any request")
                .containsOnlyNulls();
    }

    @Test
    void registerNewSessionOfASessionThatIsNotTheRequestsIsRefusedByName() {
        Browser ann = loggedIn(ANN);
        String id = ann.sessionId();

        assertThatThrownBy(() -> registry.registerNewSession(id, "bob"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("request this thread serves");
        Browser other = new Browser(filter);
        other.request(r -> {
            r.getSession();
            assertThatThrownBy(() -> registry.registerNewSession(id, "bob")).isInstanceOf(IllegalStateException.class);
        });
        assertThat(manager.userSessions().list("bob")).isEmpty();
    }

    @Test
    void removeSessionInformationMakesTheRequestsSessionNobodys() {
        Browser ann = loggedIn(ANN);

        ann.request(r -> registry.removeSessionInformation(r.getSession().getId()));
        registry.removeSessionInformation("not-the-requests");

        assertThat(annsSessions()).isEmpty();
        assertThat(ann.sessionId()).as("the session itself lives on").isNotNull();
    }

    @Test
    void getAllPrincipalsIsUnsupportedAndSaysWhatToUseInstead() {
        assertThatThrownBy(registry::getAllPrincipals).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("getAllSessions(principal, false)");
    }

    @Test
    void aNameTooLongForAPrincipalLeavesTheLoginStandingAndUnindexed() {
        String longName = "a".repeat(SessionPrincipals.MAX_LENGTH + 1);

        Browser browser = loggedIn(longName);

        assertThat(browser.sessionId()).isNotNull();
        assertThat(registry.getAllSessions(longName, false)).isEmpty();
    }

    /** What Spring builds for maximumSessions(1): the check, session fixation protection, the registration. */
    private SessionAuthenticationStrategy springsMaximumSessions(boolean preventsLogin) {
        ConcurrentSessionControlAuthenticationStrategy control = new ConcurrentSessionControlAuthenticationStrategy(registry);
        control.setMaximumSessions(1);
        control.setExceptionIfMaximumExceeded(preventsLogin);
        return new CompositeSessionAuthenticationStrategy(List.of(control, new ChangeSessionIdAuthenticationStrategy(),
                new RegisterSessionAuthenticationStrategy(registry), new SessionPrincipalStrategy()));
    }

    private static Authentication authenticated(UserDetails user) {
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
    }

    /** A login as Spring's login filters run it: the session exists (a CSRF token, say), then the strategies. */
    private static MockHttpServletResponse login(Browser browser, SessionAuthenticationStrategy strategy,
            List<RuntimeException> failures) {
        browser.request(r -> r.getSession().setAttribute("csrf", "token"));
        return browser.request(r -> {
            try {
                strategy.onAuthentication(authenticated(ANN), r, null);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });
    }

    @Test
    void springsMaximumSessionsOfOneOnThisRegistryEndsTheFirstSessionInTheStore() {
        SessionAuthenticationStrategy strategy = springsMaximumSessions(false);
        List<RuntimeException> failures = new ArrayList<>();
        Browser first = new Browser(filter);
        Browser second = new Browser(filter);
        login(first, strategy, failures);
        String firstId = first.sessionId();

        login(second, strategy, failures);

        assertThat(failures).isEmpty();
        assertThat(store.get(firstId)).isEmpty();
        assertThat(first.sessionId()).isNull();
        assertThat(annsSessions()).extracting(UserSession::id).containsExactly(second.sessionId());
    }

    @Test
    void theRegisteredSessionIsTheIdSessionFixationProtectionGaveIt() {
        Browser browser = new Browser(filter);
        browser.request(r -> r.getSession().setAttribute("csrf", "token"));
        String before = browser.sessionId();

        login(browser, springsMaximumSessions(false), new ArrayList<>());

        String after = browser.sessionId();
        assertThat(after).isNotNull().isNotEqualTo(before);
        assertThat(annsSessions()).extracting(UserSession::id).containsExactly(after);
        assertThat(store.get(before)).isEmpty();
    }

    @Test
    void withMigrateSessionThePrincipalIsOnTheNewSessionThatHoldsTheOldOnesAttributes() {
        SessionAuthenticationStrategy migrate = new CompositeSessionAuthenticationStrategy(List.of(
                new SessionFixationProtectionStrategy(), new SessionPrincipalStrategy()));
        Browser browser = new Browser(filter);
        List<RuntimeException> failures = new ArrayList<>();
        browser.request(r -> r.getSession().setAttribute("csrf", "token"));
        String before = browser.sessionId();

        login(browser, migrate, failures);

        assertThat(failures).isEmpty();
        String after = browser.sessionId();
        assertThat(before).isNotNull();
        assertThat(after).isNotNull().isNotEqualTo(before);
        assertThat(annsSessions()).extracting(UserSession::id).containsExactly(after);
        assertThat(store.get(before)).isEmpty();
        String[] csrf = new String[1];
        browser.request(r -> csrf[0] = (String) r.getSession().getAttribute("csrf"));
        assertThat(csrf[0]).isEqualTo("token");
    }

    @Test
    void maxSessionsPreventsLoginRefusesTheSecondLoginAndKeepsTheFirst() {
        SessionAuthenticationStrategy strategy = springsMaximumSessions(true);
        List<RuntimeException> failures = new ArrayList<>();
        Browser first = new Browser(filter);
        login(first, strategy, failures);

        login(new Browser(filter), strategy, failures);

        assertThat(failures).singleElement().isInstanceOf(SessionAuthenticationException.class);
        assertThat(annsSessions()).extracting(UserSession::id).containsExactly(first.sessionId());
    }

    @Test
    void aSessions4jLimitThatRefusesFailsTheRegistrationWithASessionAuthenticationException() {
        limit(PrincipalLimit.of(1, PrincipalLimit.Policy.REFUSE));
        Browser first = loggedIn(ANN);
        Browser second = new Browser(filter);
        List<RuntimeException> failures = new ArrayList<>();

        second.request(r -> {
            try {
                registry.registerNewSession(r.getSession().getId(), ANN);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });

        assertThat(failures).singleElement().isInstanceOf(SessionAuthenticationException.class)
                .extracting(Throwable::getMessage).asString().contains("limit");
        assertThat(annsSessions()).extracting(UserSession::id).containsExactly(first.sessionId());
    }
}
