/**
 * Spring Boot auto-configuration for sessions4j: {@link io.sessions4j.spring.boot.Sessions4jProperties} and
 * {@link io.sessions4j.spring.boot.Sessions4jConfigCustomizer} are its API; the auto-configuration classes are
 * found by Boot through {@code META-INF/spring}.
 */
// Spring's jars have only Automatic-Module-Names.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.sessions4j.spring.boot {
    requires transitive io.sessions4j.servlet;
    requires transitive spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.beans;
    requires spring.context;
    requires spring.core;
    requires static io.sessions4j.redis;
    requires static io.sessions4j.jdbc;
    requires static java.sql;
    requires static spring.boot.health;
    requires static spring.security.core;
    requires static spring.security.web;
    requires static spring.security.config;
    requires static spring.web;
    requires org.slf4j;
    requires static io.sessions4j.micrometer;
    requires static micrometer.core;

    exports io.sessions4j.spring.boot;
    exports io.sessions4j.spring.boot.security;
    // Spring instantiates the auto-configuration classes and the failure analyzer reflectively.
    opens io.sessions4j.spring.boot to spring.core, spring.beans, spring.context, spring.boot;
}
