package io.sessions4j.spring.boot;

import io.sessions4j.SessionConfig;
import io.sessions4j.SessionListener;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The engine: the {@link SessionConfig} built from the {@code sessions4j.*} properties (and Boot's
 * {@code server.servlet.session.*} where they mean the same), the {@link SessionListener} beans and the
 * {@link Sessions4jConfigCustomizer} beans, and the {@link SessionManager} that runs it. The store comes from
 * {@link Sessions4jStoreAutoConfiguration}; adapters (the servlet filter) drive the manager.
 */
@AutoConfiguration(after = Sessions4jStoreAutoConfiguration.class)
@ConditionalOnClass(SessionManager.class)
@EnableConfigurationProperties(Sessions4jProperties.class)
class Sessions4jAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SessionConfig sessions4jConfig(Sessions4jProperties properties, Environment environment, SessionStore store,
            ObjectProvider<SessionListener> listeners, ObjectProvider<Sessions4jConfigCustomizer> customizers) {
        SessionConfig.Builder builder = SessionConfigFactory.builder(properties, BootSessionSettings.of(environment))
                .store(store);
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /** Closes nothing when the context closes: the store is a bean of its own, closed by the context. */
    @Bean
    @ConditionalOnMissingBean
    SessionManager sessions4jManager(SessionConfig config) {
        return SessionManager.create(config);
    }
}
