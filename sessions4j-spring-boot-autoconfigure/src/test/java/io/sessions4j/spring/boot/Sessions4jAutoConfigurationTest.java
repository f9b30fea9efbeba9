package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.ConcurrencyMode;
import io.sessions4j.CookieOptions;
import io.sessions4j.IdTransport;
import io.sessions4j.MemoryStore;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionEvent;
import io.sessions4j.SessionListener;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spi.SessionStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class Sessions4jAutoConfigurationTest {
    private static final String SECRET = "sessions4j.secret=a test secret that is long enough to sign with";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Sessions4jStoreAutoConfiguration.class,
                    Sessions4jSecurityAutoConfiguration.class, Sessions4jAutoConfiguration.class,
                    Sessions4jServletAutoConfiguration.class, Sessions4jHealthAutoConfiguration.class));

    @Test
    void withOnlyASecretTheFilterRunsAheadOfSpringSecurityOnAMemoryStore() {
        runner.withPropertyValues(SECRET).run(context -> {
            @SuppressWarnings("unchecked")
            FilterRegistrationBean<SessionFilter> registration = context.getBean(FilterRegistrationBean.class);
            assertThat(registration.getOrder()).isEqualTo(Integer.MIN_VALUE + 50).isLessThan(-100);
            assertThat(registration.isAsyncSupported()).isTrue();
            assertThat(registration.getUrlPatterns()).containsExactly("/*");
            assertThat(registration).extracting("dispatcherTypes").asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.ITERABLE).contains(DispatcherType.REQUEST,
                    DispatcherType.ASYNC, DispatcherType.ERROR);
            SessionConfig config = context.getBean(SessionConfig.class);
            assertThat(config.name()).isEqualTo("connect.sid");
            assertThat(config.store()).isInstanceOf(MemoryStore.class).isSameAs(context.getBean(SessionStore.class));
            assertThat(config.fixedCookie()).contains(CookieOptions.defaults());
            assertThat(config.concurrency()).isEqualTo(ConcurrencyMode.MERGE);
            assertThat(config.idTransport()).isSameAs(IdTransport.cookie());
        });
    }

    @Test
    void theIdTransportAndItsHeaderComeFromTheProperties() {
        runner.withPropertyValues(SECRET, "sessions4j.id-transport=header,cookie",
                "sessions4j.id-header=X-Api-Session").run(context ->
                assertThat(context.getBean(SessionConfig.class).idTransport())
                        .isEqualTo(IdTransport.headerThenCookie("X-Api-Session")));
        runner.withPropertyValues(SECRET, "sessions4j.id-transport=header").run(context ->
                assertThat(context.getBean(SessionConfig.class).idTransport()).isEqualTo(IdTransport.header()));
    }

    @Test
    void sessions4jPropertiesWinOverBootsServletSessionPropertiesWhichFillTheRest() {
        runner.withPropertyValues(SECRET + ",an older secret that still verifies cookies",
                "sessions4j.cookie.name=sid", "server.servlet.session.cookie.name=JSESSIONID",
                "sessions4j.cookie.path=/app", "server.servlet.session.cookie.path=/other",
                "server.servlet.session.cookie.domain=example.com", "server.servlet.session.cookie.secure=true",
                "server.servlet.session.cookie.same-site=strict", "sessions4j.cookie.same-site=lax",
                "server.servlet.session.cookie.max-age=2h", "server.servlet.session.timeout=45m",
                "sessions4j.touch-after=1m", "sessions4j.max-lifetime=12h", "sessions4j.rolling=true",
                "sessions4j.save-uninitialized=true", "sessions4j.concurrency=lock",
                "sessions4j.allow-types=com.example.").run(context -> {
            SessionConfig config = context.getBean(SessionConfig.class);
            assertThat(config.secrets()).hasSize(2);
            assertThat(config.name()).isEqualTo("sid");
            CookieOptions cookie = config.fixedCookie().orElseThrow();
            assertThat(cookie.path()).isEqualTo("/app");
            assertThat(cookie.domain()).contains("example.com");
            assertThat(cookie.secure()).contains(Secure.ALWAYS);
            assertThat(cookie.sameSite()).contains(SameSite.LAX);
            assertThat(cookie.maxAge()).contains(Duration.ofHours(2));
            assertThat(cookie.httpOnly()).isTrue();
            assertThat(config.browserSessionTtl()).isEqualTo(Duration.ofMinutes(45));
            assertThat(config.touchAfter()).isEqualTo(Duration.ofMinutes(1));
            assertThat(config.maxLifetime()).contains(Duration.ofHours(12));
            assertThat(config.rolling()).isTrue();
            assertThat(config.saveUninitialized()).isTrue();
            assertThat(config.concurrency()).isEqualTo(ConcurrencyMode.LOCK);
            assertThat(config.allowedTypes()).contains("com.example.");
        });
    }

    @Test
    void aStoreBeanOfTheApplicationWinsOverTheProperty() {
        runner.withPropertyValues(SECRET, "sessions4j.store=redis://127.0.0.1:1")
                .withUserConfiguration(OwnStore.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SessionConfig.class).store()).isSameAs(OwnStore.STORE);
                });
    }

    @Test
    void noSecretFailsStartUpWithAnAnalysisThatSaysWhatToSet() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            FailureAnalysis analysis = new MissingSecretFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("sessions4j.secret is not set");
            assertThat(analysis.getAction()).contains("set sessions4j.secret (e.g. SESSIONS4J_SECRET env var)"
                    .substring(1));
        });
    }

    @Test
    void theFailureAnalyzerIsRegisteredWithBoot() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring.factories")) {
            assertThat(new String(in.readAllBytes())).contains("org.springframework.boot.diagnostics.FailureAnalyzer")
                    .contains(MissingSecretFailureAnalyzer.class.getName());
        }
    }

    @Test
    void springSecuritysJacksonModulesAndTypesAreRegistered() {
        runner.withPropertyValues(SECRET).run(context -> {
            SessionConfig config = context.getBean(SessionConfig.class);
            assertThat(config.jacksonModules()).extracting(m -> m.getClass().getSimpleName())
                    .contains("CoreJackson2Module", "WebJackson2Module", "WebServletJackson2Module");
            assertThat(config.allowedTypes()).contains("org.springframework.security.", "jakarta.servlet.http.Cookie");
        });
    }

    @Test
    void listenerBeansAreCalledForTheFiltersSessions() {
        runner.withPropertyValues(SECRET).withUserConfiguration(Listeners.class).run(context -> {
            SessionFilter filter = context.getBean(FilterRegistrationBean.class).getFilter() instanceof SessionFilter f
                    ? f : null;
            assertThat(filter).isNotNull();
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
            filter.doFilter(request, new MockHttpServletResponse(),
                    (req, res) -> ((HttpServletRequest) req).getSession().setAttribute("user", "ann"));
            Listeners listeners = context.getBean(Listeners.class);
            assertThat(listeners.servletEvents).containsExactly("sessionCreated");
            assertThat(listeners.coreEvents).containsExactly("CREATED");
        });
    }

    @Test
    void jdbcStoreRunsOnTheApplicationsDataSourceWithItsDialectDetected() {
        runner.withPropertyValues(SECRET, "sessions4j.store=jdbc", "sessions4j.jdbc.table=s4j_boot_test")
                .withUserConfiguration(H2.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    SessionStore store = context.getBean(SessionStore.class);
                    assertThat(store.name()).isEqualTo("JdbcStore(h2)");
                    assertThat(store.get("nobody")).isEmpty();
                });
    }

    @Test
    void healthIsUpWithTheStoresNameAndDownWhenTheStoreFails() {
        runner.withPropertyValues(SECRET, "sessions4j.store=jdbc").withUserConfiguration(H2.class).run(context -> {
            HealthIndicator health = context.getBean("sessions4jHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsEntry("store", "JdbcStore(h2)");
            // The database goes away under the pool (its connection cannot even be closed cleanly after this).
            Connection c = context.getBean(DataSource.class).getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry("store", "JdbcStore(h2)").containsKey("error");
        });
    }

    @Test
    void everyPropertyIsDocumentedInTheConfigurationMetadata() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> properties = (List<Map<String, Object>>) new ObjectMapper()
                    .readValue(in, Map.class).get("properties");
            assertThat(properties).extracting(p -> p.get("name")).contains("sessions4j.secret", "sessions4j.store",
                    "sessions4j.cookie.same-site", "sessions4j.redis.prefix", "sessions4j.redis.near-cache",
                    "sessions4j.jdbc.table",
                    "sessions4j.principal-limit.max-sessions", "sessions4j.principal-limit.policy");
            assertThat(properties).allSatisfy(p -> assertThat((String) p.get("description")).isNotBlank());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStore {
        static final SessionStore STORE = new MemoryStore();

        @Bean
        SessionStore myStore() {
            return STORE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class H2 {
        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            HikariDataSource ds = new HikariDataSource();
            ds.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return ds;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listeners implements HttpSessionListener, SessionListener {
        final List<String> servletEvents = new ArrayList<>();
        final List<String> coreEvents = new ArrayList<>();

        @Override
        public void sessionCreated(HttpSessionEvent se) {
            servletEvents.add("sessionCreated");
        }

        @Override
        public void created(SessionEvent event) {
            coreEvents.add(event.type().name());
        }
    }
}
