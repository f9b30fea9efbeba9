package io.sessions4j.spring.boot;

import io.sessions4j.CookieOptions;
import io.sessions4j.IdTransport;
import io.sessions4j.PrincipalLimit;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import io.sessions4j.SessionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Turns the properties into a {@link SessionConfig.Builder}; {@code sessions4j.*} wins over Boot's settings. */
final class SessionConfigFactory {
    private SessionConfigFactory() {
    }

    static SessionConfig.Builder builder(Sessions4jProperties p, BootSessionSettings boot) {
        List<String> secrets = (p.secret() == null ? List.<String>of() : p.secret()).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (secrets.isEmpty()) {
            throw new MissingSecretException();
        }
        SessionConfig.Builder b = SessionConfig.builder()
                .secrets(secrets.get(0), secrets.subList(1, secrets.size()).toArray(String[]::new))
                .name(first(p.cookie().name(), boot.cookieName(), "connect.sid"))
                .cookie(cookie(p.cookie(), boot))
                .touchAfter(p.touchAfter())
                .maxLifetime(p.maxLifetime())
                .rolling(p.rolling())
                .resave(p.resave())
                .saveUninitialized(p.saveUninitialized())
                .concurrency(p.concurrency())
                .storeFailurePolicy(p.storeFailurePolicy())
                .proxy(p.proxy())
                .idTransport(IdTransport.of(p.idTransport(), p.idHeader()))
                .allowTypes((p.allowTypes() == null ? List.<String>of() : p.allowTypes()).toArray(String[]::new));
        Integer maxSessions = p.principalLimit().maxSessions();
        if (maxSessions != null) {
            if (maxSessions < 1) {
                throw new IllegalArgumentException("sessions4j.principal-limit.max-sessions must be at least 1, got "
                        + maxSessions + " (leave it unset for no limit)");
            }
            b.principalLimit(PrincipalLimit.of(maxSessions, p.principalLimit().policy()));
        }
        Duration ttl = first(p.browserSessionTtl(), boot.timeout(), null);
        if (ttl != null) {
            b.browserSessionTtl(ttl);
        }
        return b;
    }

    private static CookieOptions cookie(Sessions4jProperties.Cookie c, BootSessionSettings boot) {
        CookieOptions.Builder o = CookieOptions.builder();
        String path = first(c.path(), boot.cookiePath(), null);
        if (path != null) {
            o.path(path);
        }
        o.domain(first(c.domain(), boot.cookieDomain(), null));
        o.httpOnly(first(c.httpOnly(), boot.cookieHttpOnly(), true));
        Secure bootSecure = boot.cookieSecure() == null ? null : boot.cookieSecure() ? Secure.ALWAYS : Secure.NEVER;
        o.secure(first(c.secure(), bootSecure, null));
        o.sameSite(first(c.sameSite(), sameSite(boot.cookieSameSite()), null));
        o.maxAge(first(c.maxAge(), positive(boot.cookieMaxAge()), null));
        o.partitioned(first(c.partitioned(), boot.cookiePartitioned(), null));
        return o.build();
    }

    /** Boot's values are {@code Strict}, {@code Lax}, {@code None} and {@code Omitted} (no attribute). */
    private static SameSite sameSite(String boot) {
        if (boot == null || boot.equalsIgnoreCase("omitted")) {
            return null;
        }
        try {
            return SameSite.valueOf(boot.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("server.servlet.session.cookie.same-site: unknown value '" + boot
                    + "' (strict, lax, none or omitted)", e);
        }
    }

    /** Boot uses a zero or negative max-age for "a browser-session cookie"; sessions4j says that with none. */
    private static Duration positive(Duration d) {
        return d == null || d.isZero() || d.isNegative() ? null : d;
    }

    private static <T> T first(T mine, T boots, T fallback) {
        return mine != null ? mine : boots != null ? boots : fallback;
    }
}
