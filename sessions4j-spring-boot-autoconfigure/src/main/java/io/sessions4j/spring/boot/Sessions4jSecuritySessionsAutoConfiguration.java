package io.sessions4j.spring.boot;

import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spring.boot.security.PrincipalOnLogin;
import io.sessions4j.spring.boot.security.SecurityContextPrincipalListener;
import io.sessions4j.spring.boot.security.Sessions4jSessionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * With Spring Security in a servlet application: the authenticated user becomes the sessions4j session's
 * principal (so {@code UserSessions}, {@code PrincipalLimit} and the registry see the login), and Spring Security's
 * {@link SessionRegistry} is one backed by the store's index of sessions by principal, so that
 * {@code maximumSessions(n)} holds across instances.
 *
 * <p>Two hooks name the principal, because no single one sees every login at the right moment: login filters
 * (form, remember-me, OAuth2...) run {@code SessionAuthenticationStrategy}s, where a refused login can still fail
 * cleanly; every login that keeps its user in the session stores a {@code SecurityContext} there (HTTP basic with
 * a session repository, programmatic logins), which the attribute listener follows, and which logout removes.
 */
@AutoConfiguration(after = Sessions4jAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SessionFilter.class, SessionRegistry.class, SessionAuthenticationStrategy.class,
        RequestContextHolder.class})
class Sessions4jSecuritySessionsAutoConfiguration {

    /** Resolves the user sessions on use: a store without an index fails where the registry is used, by name. */
    @Bean
    @ConditionalOnMissingBean(SessionRegistry.class)
    Sessions4jSessionRegistry sessions4jSessionRegistry(SessionManager manager) {
        return new Sessions4jSessionRegistry(manager::userSessions);
    }

    /** Given to the session filter with the other session listener beans. */
    @Bean
    SecurityContextPrincipalListener sessions4jSecurityContextPrincipal() {
        return new SecurityContextPrincipalListener();
    }

    /** Spring Security applies {@code Customizer<HttpSecurity>} beans to every {@code HttpSecurity} it makes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HttpSecurity.class)
    static class LoginStrategy {
        @Bean
        PrincipalOnLogin sessions4jPrincipalOnLogin() {
            return new PrincipalOnLogin();
        }
    }
}
