package io.sessions4j.spring.boot;

import io.sessions4j.SessionStores;
import io.sessions4j.spi.SessionStore;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The session store: an application's own {@link SessionStore} bean wins; otherwise {@code sessions4j.store}
 * picks one. The store is a bean, so the context closes it when it closes (after the web server stopped).
 *
 * <p>The Redis and JDBC stores are optional dependencies: their classes are touched only by
 * {@link RedisStoreFactory} and {@link JdbcStoreFactory}, and only when the property asks for them.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(SessionStore.class)
@EnableConfigurationProperties(Sessions4jProperties.class)
class Sessions4jStoreAutoConfiguration {
    private static final String REDIS_STORE = "io.sessions4j.redis.RedisStore";
    private static final String JDBC_STORE = "io.sessions4j.jdbc.JdbcStore";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SessionStore sessions4jStore(Sessions4jProperties properties, Environment environment,
            ObjectProvider<DataSource> dataSource) {
        String spec = properties.store().trim();
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.equals("redis")) {
            require(REDIS_STORE, "sessions4j-redis", spec);
            return RedisStoreFactory.open(BootRedisUri.of(environment), properties.redis(),
                    BootSessionSettings.of(environment).redisTimeout());
        }
        if (lower.startsWith("redis://") || lower.startsWith("rediss://") || lower.startsWith("redis-sentinel://")) {
            require(REDIS_STORE, "sessions4j-redis", "a redis:// URI");
            return RedisStoreFactory.open(new BootRedisUri(spec, false), properties.redis(),
                    BootSessionSettings.of(environment).redisTimeout());
        }
        if (lower.equals("jdbc")) {
            require(JDBC_STORE, "sessions4j-jdbc", spec);
            DataSource ds = dataSource.getIfAvailable();
            if (ds == null) {
                throw new IllegalStateException("sessions4j.store=jdbc needs a DataSource bean (spring.datasource.url"
                        + " with spring-boot-starter-jdbc, or your own DataSource)");
            }
            return JdbcStoreFactory.open(ds, properties.jdbc());
        }
        return SessionStores.open(spec);
    }

    private static void require(String className, String artifact, String what) {
        if (!ClassUtils.isPresent(className, Sessions4jStoreAutoConfiguration.class.getClassLoader())) {
            throw new IllegalStateException("sessions4j.store=" + what + " needs io.sessions4j:" + artifact
                    + " on the class path");
        }
    }
}
