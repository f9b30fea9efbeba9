package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.PrincipalLimit;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spring.boot.security.PrincipalOnLogin;
import io.sessions4j.spring.boot.security.Sessions4jSessionRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class Sessions4jSecuritySessionsAutoConfigurationTest {
    private static final String SECRET = "sessions4j.secret=a test secret that is long enough to sign with";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Sessions4jStoreAutoConfiguration.class,
                    Sessions4jSecurityAutoConfiguration.class, Sessions4jAutoConfiguration.class,
                    Sessions4jServletAutoConfiguration.class, Sessions4jSecuritySessionsAutoConfiguration.class))
            .withPropertyValues(SECRET);

    @Test
    void withSpringSecurityTheRegistryIsTheStoresAndLoginsAreHookedIn() {
        runner.run(context -> {
            assertThat(context.getBean(SessionRegistry.class)).isInstanceOf(Sessions4jSessionRegistry.class);
            assertThat(context.getBeansOfType(PrincipalOnLogin.class)).hasSize(1);
            assertThat(context.getBean(SessionConfig.class).principalLimit()).isEmpty();
        });
    }

    @Test
    void anApplicationsOwnSessionRegistryWins() {
        runner.withUserConfiguration(OwnRegistry.class).run(context ->
                assertThat(context.getBean(SessionRegistry.class)).isSameAs(OwnRegistry.REGISTRY));
    }

    @Test
    void aSecurityContextSavedInTheSessionNamesItsPrincipalThroughTheRegisteredFilter() {
        runner.run(context -> {
            @SuppressWarnings("unchecked")
            SessionFilter filter = ((FilterRegistrationBean<SessionFilter>) context.getBean(FilterRegistrationBean.class))
                    .getFilter();
            SecurityContextImpl ann = new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated("ann",
                    null, AuthorityUtils.createAuthorityList("ROLE_USER")));
            filter.doFilter(new MockHttpServletRequest("POST", "/login"), new MockHttpServletResponse(), (req, res) -> {
                RequestContextHolder.setRequestAttributes(new ServletRequestAttributes((HttpServletRequest) req));
                try {
                    new HttpSessionSecurityContextRepository().saveContext(ann, (HttpServletRequest) req,
                            (HttpServletResponse) res);
                } finally {
                    RequestContextHolder.resetRequestAttributes();
                }
            });
            assertThat(context.getBean(SessionManager.class).userSessions().list("ann")).hasSize(1);
            assertThat(context.getBean(SessionRegistry.class).getAllSessions("ann", false)).hasSize(1);
        });
    }

    @Test
    void thePrincipalLimitPropertiesSetTheLimit() {
        runner.withPropertyValues("sessions4j.principal-limit.max-sessions=2", "sessions4j.principal-limit.policy=refuse")
                .run(context -> assertThat(context.getBean(SessionConfig.class).principalLimit())
                        .contains(PrincipalLimit.of(2, PrincipalLimit.Policy.REFUSE)));
        runner.withPropertyValues("sessions4j.principal-limit.max-sessions=1")
                .run(context -> assertThat(context.getBean(SessionConfig.class).principalLimit())
                        .contains(PrincipalLimit.of(1, PrincipalLimit.Policy.END_OLDEST)));
    }

    @Test
    void aLimitBelowOneStopsTheStartWithThePropertysName() {
        runner.withPropertyValues("sessions4j.principal-limit.max-sessions=0").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("sessions4j.principal-limit.max-sessions must be at least 1, got 0"));
    }

    @Test
    void anUnknownPolicyStopsTheStart() {
        runner.withPropertyValues("sessions4j.principal-limit.max-sessions=1", "sessions4j.principal-limit.policy=kick")
                .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("kick"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistry {
        static final SessionRegistry REGISTRY = new SessionRegistryImpl();

        @Bean
        SessionRegistry myRegistry() {
            return REGISTRY;
        }
    }

}
