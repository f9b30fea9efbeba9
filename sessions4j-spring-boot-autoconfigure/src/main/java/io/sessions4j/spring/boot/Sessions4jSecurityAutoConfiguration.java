package io.sessions4j.spring.boot;

import com.fasterxml.jackson.databind.Module;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.Ordered;
import org.springframework.security.jackson2.SecurityJackson2Modules;

/**
 * With Spring Security on the class path: its Jackson 2 modules are registered with the engine's mapper and its
 * types admitted, so that the {@code SecurityContext}, CSRF tokens and saved requests it keeps in the session come
 * back as themselves in later requests (instead of maps that Spring Security ignores or fails on).
 *
 * <p>Spring Security's modules write {@code @class} type ids and check them against their own allowlist; the
 * engine checks them against {@code allowTypes} too, which gets Spring Security's packages and the few JDK and
 * Servlet classes its saved request holds.
 */
@AutoConfiguration(before = Sessions4jAutoConfiguration.class)
@ConditionalOnClass({SecurityJackson2Modules.class, Module.class})
class Sessions4jSecurityAutoConfiguration {
    /** What Spring Security's session objects name in their type ids, besides the JDK types always admitted. */
    static final List<String> SECURITY_TYPES = List.of("org.springframework.security.", "jakarta.servlet.http.Cookie");

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @SuppressWarnings({"deprecation", "removal"})
    Sessions4jConfigCustomizer sessions4jSpringSecurityJackson() {
        List<Module> modules = SecurityJackson2Modules.getModules(Sessions4jSecurityAutoConfiguration.class.getClassLoader());
        return builder -> builder.jacksonModules(modules.toArray(Module[]::new))
                .allowTypes(SECURITY_TYPES.toArray(String[]::new));
    }
}
