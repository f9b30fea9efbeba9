package io.sessions4j.spring.boot;

import io.sessions4j.spi.SessionStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * With Boot's health support (actuator) on the class path: a {@code sessions4j} health indicator for the store,
 * turned off by {@code management.health.sessions4j.enabled=false}.
 */
@AutoConfiguration(after = Sessions4jStoreAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SessionStore.class)
@ConditionalOnEnabledHealthIndicator("sessions4j")
class Sessions4jHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "sessions4jHealthIndicator")
    HealthIndicator sessions4jHealthIndicator(SessionStore store) {
        return new SessionStoreHealthIndicator(store);
    }
}
