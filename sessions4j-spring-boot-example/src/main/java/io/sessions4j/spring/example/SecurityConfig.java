package io.sessions4j.spring.example;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.HttpSessionEventPublisher;

/** Plain Spring Security: form login, CSRF (on by default), remember-me, logout, one session per user. */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain security(HttpSecurity http, UserDetailsService users, SessionRegistry sessions,
            @Value("${example.remember-me-key}") String rememberMeKey) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/", "/error").permitAll().anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .rememberMe(r -> r.key(rememberMeKey).userDetailsService(users))
                .logout(l -> l.logoutSuccessUrl("/?bye"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId())
                        .maximumSessions(1).sessionRegistry(sessions));
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("ann").password("{noop}ann-password").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob-password").roles("USER").build());
    }

    /** Kept up to date by the session events below: the sessions4j filter calls the publisher. */
    @Bean
    SessionRegistry sessionRegistry() {
        return new SessionRegistryImpl();
    }

    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }
}
