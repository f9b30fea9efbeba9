package io.sessions4j.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.Module;
import io.sessions4j.MemoryStore;
import io.sessions4j.PrincipalLimit;
import io.sessions4j.SessionConfig;
import io.sessions4j.UserSession;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spi.SessionManager;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.jackson2.SecurityJackson2Modules;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * The principal follows the SecurityContext Spring Security's own HttpSessionSecurityContextRepository stores (a
 * programmatic login, HTTP basic with a session repository), through a real filter and memory store; and the
 * login filters' strategy names it on an existing session.
 */
class SecurityContextPrincipalListenerTest {
    private final MemoryStore store = new MemoryStore();
    private final HttpSessionSecurityContextRepository repository = new HttpSessionSecurityContextRepository();
    private SessionManager manager;
    private SessionFilter filter;

    SecurityContextPrincipalListenerTest() {
        start(null);
    }

    /** With Spring Security's Jackson modules, as the starter registers them: contexts come back as themselves. */
    @SuppressWarnings({"deprecation", "removal"})
    private void start(PrincipalLimit limit) {
        manager = SessionManager.create(SessionConfig.builder().secrets("a listener test secret long enough to sign")
                .store(store).principalLimit(limit)
                .jacksonModules(SecurityJackson2Modules.getModules(getClass().getClassLoader()).toArray(Module[]::new))
                .allowTypes("org.springframework.security.").build());
        filter = new SessionFilter(manager).addListener(new SecurityContextPrincipalListener());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static SecurityContextImpl contextOf(String user) {
        return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null,
                AuthorityUtils.createAuthorityList("ROLE_USER")));
    }

    /** Spring Security's programmatic login: the context saved through the repository. */
    private void programmaticLogin(Browser browser, String user) {
        browser.exchange((request, response) -> repository.saveContext(contextOf(user), request, response));
    }

    private List<String> sessionsOf(String principal) {
        return manager.userSessions().list(principal).stream().map(UserSession::id).toList();
    }

    private static boolean signedIn(Browser browser, HttpSessionSecurityContextRepository repository) {
        boolean[] in = new boolean[1];
        browser.request(r -> in[0] = repository.containsContext(r));
        return in[0];
    }

    @Test
    void aProgrammaticLoginThroughTheRepositoryNamesThePrincipal() {
        Browser browser = new Browser(filter);

        programmaticLogin(browser, "ann");

        assertThat(sessionsOf("ann")).containsExactly(browser.sessionId());
    }

    @Test
    void anotherUsersLoginInTheSameSessionRenamesItAndAnEmptyContextMakesItNobodys() {
        Browser browser = new Browser(filter);
        programmaticLogin(browser, "ann");

        programmaticLogin(browser, "bob");
        assertThat(sessionsOf("ann")).isEmpty();
        assertThat(sessionsOf("bob")).containsExactly(browser.sessionId());

        browser.exchange((request, response) -> repository.saveContext(new SecurityContextImpl(), request, response));
        assertThat(sessionsOf("bob")).isEmpty();
        assertThat(browser.sessionId()).as("the session lives on, nobody's").isNotNull();
    }

    @Test
    void changeSessionIdKeepsThePrincipalOnTheNewId() {
        Browser browser = new Browser(filter);
        programmaticLogin(browser, "ann");
        String before = browser.sessionId();

        browser.request(HttpServletRequest::changeSessionId);

        String after = browser.sessionId();
        assertThat(after).isNotEqualTo(before);
        assertThat(sessionsOf("ann")).containsExactly(after);
    }

    @Test
    void invalidatingASignedInSessionEndsItWithoutAnError() {
        Browser browser = new Browser(filter);
        programmaticLogin(browser, "ann");

        browser.request(r -> r.getSession().invalidate());

        assertThat(sessionsOf("ann")).isEmpty();
        assertThat(store.length()).isZero();
    }

    @Test
    void anAnonymousContextNamesNobody() {
        Browser browser = new Browser(filter);

        browser.request(r -> r.getSession().setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(
                new AnonymousAuthenticationToken("key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")))));

        String[] principal = new String[1];
        browser.request(r -> principal[0] = SessionFilter.session(r).principal().orElse(null));
        assertThat(principal[0]).isNull();
    }

    @Test
    void aLoginRefusedByTheLimitIsNotKeptInTheSession() {
        start(PrincipalLimit.of(1, PrincipalLimit.Policy.REFUSE));
        Browser first = new Browser(filter);
        Browser second = new Browser(filter);
        programmaticLogin(first, "ann");

        programmaticLogin(second, "ann");

        assertThat(sessionsOf("ann")).containsExactly(first.sessionId());
        assertThat(signedIn(first, repository)).isTrue();
        assertThat(signedIn(second, repository)).as("the refused login's context was taken out again").isFalse();
    }

    @Test
    void theLoginStrategyNamesThePrincipalOnAnExistingSessionAndCreatesNone() {
        SessionPrincipalStrategy strategy = new SessionPrincipalStrategy();
        Browser withSession = new Browser(filter);
        withSession.request(r -> r.getSession().setAttribute("csrf", "t"));
        Browser without = new Browser(filter);

        withSession.exchange((request, response) -> strategy.onAuthentication(
                contextOf("ann").getAuthentication(), request, response));
        without.exchange((request, response) -> strategy.onAuthentication(
                contextOf("ann").getAuthentication(), request, response));

        assertThat(sessionsOf("ann")).containsExactly(withSession.sessionId());
        assertThat(without.sessionId()).isNull();
    }

    @Test
    void theLoginStrategyFailsALoginTheLimitRefuses() {
        start(PrincipalLimit.of(1, PrincipalLimit.Policy.REFUSE));
        SessionPrincipalStrategy strategy = new SessionPrincipalStrategy();
        programmaticLogin(new Browser(filter), "ann");
        Browser second = new Browser(filter);
        second.request(r -> r.getSession().setAttribute("csrf", "t"));
        List<RuntimeException> failures = new ArrayList<>();

        second.exchange((HttpServletRequest request, HttpServletResponse response) -> {
            try {
                strategy.onAuthentication(contextOf("ann").getAuthentication(), request, response);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });

        assertThat(failures).singleElement().isInstanceOf(SessionAuthenticationException.class);
        assertThat(sessionsOf("ann")).hasSize(1).doesNotContain(second.sessionId());
    }
}
