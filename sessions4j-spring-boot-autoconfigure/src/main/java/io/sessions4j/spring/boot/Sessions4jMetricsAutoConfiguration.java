package io.sessions4j.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.sessions4j.micrometer.SessionMetrics;
import io.sessions4j.spi.SessionStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With Micrometer and {@code sessions4j-micrometer} on the class path: the sessions4j meters
 * ({@link SessionMetrics}) on the application's {@link MeterRegistry}, and the active-sessions gauge where the
 * store counts cheaply (the memory store).
 */
@AutoConfiguration(before = Sessions4jAutoConfiguration.class, after = Sessions4jStoreAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, SessionMetrics.class})
class Sessions4jMetricsAutoConfiguration {

    /**
     * The registry is looked up when the configuration is built, not when this class is considered: Boot's
     * metrics auto-configuration may define it later, and a condition on the bean would then miss it.
     */
    @Bean
    @ConditionalOnMissingBean(name = "sessions4jMetrics")
    Sessions4jConfigCustomizer sessions4jMetrics(ObjectProvider<MeterRegistry> registries, SessionStore store) {
        return builder -> registries.ifAvailable(registry -> {
            SessionMetrics metrics = new SessionMetrics(registry);
            metrics.monitorActiveSessions(store);
            builder.observer(metrics);
        });
    }
}
