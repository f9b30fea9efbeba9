package io.sessions4j.peers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Session JDBC as its reference documentation configures it: {@code @EnableJdbcHttpSession} (a
 * {@code JdbcIndexedSessionRepository} behind {@code springSessionRepositoryFilter}), a {@link DataSource} and a
 * {@link PlatformTransactionManager}. The pool is HikariCP with its defaults (10 connections), as sessions4j's
 * gets; the schema is Spring Session's {@code schema-postgresql.sql}, run by {@link SpringLayer}.
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcHttpSession
class SpringJdbcConfig {
    /** The property {@link SpringLayer} sets to {@code --jdbc}. */
    static final String URL = "peers.jdbc";

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(Environment environment) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(environment.getRequiredProperty(URL));
        return new HikariDataSource(hikari);
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }
}
