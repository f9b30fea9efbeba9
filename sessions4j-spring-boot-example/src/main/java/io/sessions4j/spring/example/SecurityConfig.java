package io.sessions4j.spring.example;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Plain Spring Security: form login, CSRF (on by default), remember-me, logout, one session per user. The
 * {@link SessionRegistry} is the sessions4j starter's, backed by the store, so the limit holds across instances.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /**
     * {@code example.maximum-sessions} (default 1) is Spring's {@code maximumSessions}; 0 leaves Spring's
     * concurrent-session control out, for running with a sessions4j {@code sessions4j.principal-limit.*} alone;
     * {@code example.max-sessions-prevents-login=true} is Spring's {@code maxSessionsPreventsLogin(true)}.
     */
    @Bean
    SecurityFilterChain security(HttpSecurity http, UserDetailsService users, SessionRegistry sessions,
            @Value("${example.remember-me-key}") String rememberMeKey,
            @Value("${example.maximum-sessions:1}") int maximumSessions,
            @Value("${example.max-sessions-prevents-login:false}") boolean preventsLogin) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/", "/error", "/api/login").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .rememberMe(r -> r.key(rememberMeKey).userDetailsService(users))
                .logout(l -> l.logoutSuccessUrl("/?bye"))
                .sessionManagement(s -> {
                    s.sessionFixation(f -> f.changeSessionId());
                    if (maximumSessions > 0) {
                        s.maximumSessions(maximumSessions).maxSessionsPreventsLogin(preventsLogin).sessionRegistry(sessions);
                    }
                });
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("ann").password("{noop}ann-password").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob-password").roles("USER").build());
    }
}
