package io.sessions4j.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Boot's own {@code server.servlet.session.*} settings that mean the same for sessions4j, read straight from the
 * environment (binding {@code ServerProperties} would tie this module to Boot's web-server module and to its
 * defaults, e.g. a 30-minute timeout nobody set). Each is {@code null} when not set.
 */
record BootSessionSettings(String cookieName, String cookiePath, String cookieDomain, Boolean cookieHttpOnly,
        Boolean cookieSecure, String cookieSameSite, Duration cookieMaxAge, Boolean cookiePartitioned,
        Duration timeout, Duration redisTimeout) {

    static BootSessionSettings of(Environment environment) {
        Binder binder = Binder.get(environment);
        String p = "server.servlet.session.";
        return new BootSessionSettings(
                binder.bind(p + "cookie.name", String.class).orElse(null),
                binder.bind(p + "cookie.path", String.class).orElse(null),
                binder.bind(p + "cookie.domain", String.class).orElse(null),
                binder.bind(p + "cookie.http-only", Boolean.class).orElse(null),
                binder.bind(p + "cookie.secure", Boolean.class).orElse(null),
                binder.bind(p + "cookie.same-site", String.class).orElse(null),
                binder.bind(p + "cookie.max-age", Duration.class).orElse(null),
                binder.bind(p + "cookie.partitioned", Boolean.class).orElse(null),
                binder.bind(p + "timeout", Duration.class).orElse(null),
                binder.bind("spring.data.redis.timeout", Duration.class).orElse(null));
    }

    static BootSessionSettings none() {
        return new BootSessionSettings(null, null, null, null, null, null, null, null, null, null);
    }
}
