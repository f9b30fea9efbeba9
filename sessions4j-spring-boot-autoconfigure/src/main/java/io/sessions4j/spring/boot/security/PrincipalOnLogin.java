package io.sessions4j.spring.boot.security;

import java.util.List;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;

/**
 * Adds {@link SessionPrincipalStrategy} to every {@link HttpSecurity} (Spring Security applies
 * {@code Customizer<HttpSecurity>} beans to each one), after all the strategies session management configures.
 * Spring offers {@code addSessionAuthenticationStrategy}, but what it adds runs <em>before</em> session fixation
 * protection and the concurrent-session check: the principal would be named on the id about to be changed away
 * (lost by {@code migrateSession()}), and Spring's check would count the new session as one of the user's
 * existing sessions and expire it too. So the composite strategy Spring builds is wrapped, as it is built.
 */
public final class PrincipalOnLogin implements Customizer<HttpSecurity> {

    /** The customizer; it holds nothing. */
    public PrincipalOnLogin() {
    }

    /**
     * Wraps the session authentication strategy the session management of {@code http} builds.
     *
     * @param http an {@code HttpSecurity} being configured
     */
    @Override
    public void customize(HttpSecurity http) {
        http.sessionManagement(s -> s.addObjectPostProcessor(new AppendStrategy()));
    }

    /** A named class: Spring matches post-processors to objects by their type argument, which lambdas lose. */
    private static final class AppendStrategy implements ObjectPostProcessor<CompositeSessionAuthenticationStrategy> {
        @Override
        @SuppressWarnings("unchecked")
        public <O extends CompositeSessionAuthenticationStrategy> O postProcess(O built) {
            return (O) new CompositeSessionAuthenticationStrategy(List.of(built, new SessionPrincipalStrategy()));
        }
    }
}
