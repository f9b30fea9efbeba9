package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessions4j.SessionConfig;
import io.sessions4j.micrometer.SessionMetrics;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class Sessions4jMetricsAutoConfigurationTest {
    private static final String SECRET = "sessions4j.secret=a test secret that is long enough to sign with";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withPropertyValues(SECRET)
            .withConfiguration(AutoConfigurations.of(Sessions4jStoreAutoConfiguration.class,
                    Sessions4jMetricsAutoConfiguration.class, Sessions4jAutoConfiguration.class,
                    Sessions4jServletAutoConfiguration.class));

    @Test
    void requestsThroughTheFilterAreCountedOnTheApplicationsRegistry() {
        runner.withUserConfiguration(Registry.class).run(context -> {
            assertThat(context.getBean(SessionConfig.class).observers())
                    .hasAtLeastOneElementOfType(SessionMetrics.class);
            SessionFilter filter = (SessionFilter) context.getBean(FilterRegistrationBean.class).getFilter();
            filter.doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(),
                    (req, res) -> ((HttpServletRequest) req).getSession().setAttribute("user", "ann"));

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("sessions4j.sessions.created").counter().count()).isEqualTo(1.0);
            assertThat(registry.get("sessions4j.sessions.active").gauge().value()).isEqualTo(1.0);
        });
    }

    @Test
    void withoutARegistryNoMetricsObserverIsAdded() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SessionConfig.class).observers())
                    .noneMatch(SessionMetrics.class::isInstance);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
