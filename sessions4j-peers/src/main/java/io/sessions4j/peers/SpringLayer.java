package io.sessions4j.peers;

import jakarta.servlet.Filter;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Spring Session's {@code springSessionRepositoryFilter}, taken from a small annotation-configured application
 * context (what {@code AbstractHttpSessionApplicationInitializer}'s {@code DelegatingFilterProxy} would find in a
 * WAR), closed with the server.
 */
final class SpringLayer {
    private static final String FILTER = "springSessionRepositoryFilter";

    private SpringLayer() {
    }

    static SessionLayer redis(String uri) {
        return start(SpringRedisConfig.class, Map.of(SpringRedisConfig.URI, uri), context -> { });
    }

    /** Drops and creates Spring Session's tables with the scripts in its jar, so every start is empty. */
    static SessionLayer jdbc(String url) {
        return start(SpringJdbcConfig.class, Map.of(SpringJdbcConfig.URL, url), context -> {
            ResourceDatabasePopulator schema = new ResourceDatabasePopulator(
                    new ClassPathResource("org/springframework/session/jdbc/schema-drop-postgresql.sql"),
                    new ClassPathResource("org/springframework/session/jdbc/schema-postgresql.sql"));
            schema.execute(context.getBean(DataSource.class));
        });
    }

    private interface Init {
        void accept(AnnotationConfigApplicationContext context);
    }

    private static SessionLayer start(Class<?> config, Map<String, Object> properties, Init init) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        try {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("peers", properties));
            context.register(config);
            context.refresh();
            init.accept(context);
            return SessionLayer.of(context.getBean(FILTER, Filter.class), context::close);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }
}
