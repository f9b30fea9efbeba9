package io.sessions4j.jdbc;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.SessionStoreProvider;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Opens a {@link JdbcStore} from a JDBC URL ({@code jdbc:postgresql://host/db?user=app}, {@code jdbc:mariadb://...},
 * {@code jdbc:mysql://...}, {@code jdbc:h2:...}, {@code jdbc:sqlite:...}) through
 * {@link io.sessions4j.SessionStores#open}. It creates a HikariCP pool for the store, which the store closes;
 * HikariCP and the database's JDBC driver must be on the class path (on the module path: in the module graph,
 * e.g. {@code requires com.zaxxer.hikari} in the application's module).
 *
 * <p>Options: {@code table}, {@code schema}, {@code createTable} ({@code true} by default here),
 * {@code pruneInterval} (ISO-8601 like {@code PT15M}, or seconds; {@code 0} or {@code off} disables),
 * {@code poolSize} (default 10), {@code connectionTimeout} (milliseconds, default 2000), {@code timeZone}
 * (PostgreSQL), {@code asynchronousCommit} ({@code false} by default; PostgreSQL, see
 * {@link JdbcStore.Builder#asynchronousCommit}). They may also be given in the URL's query as {@code sessions4j.<option>=value}, e.g.
 * {@code jdbc:postgresql://127.0.0.1/app?user=app&sessions4j.table=web_session}; those parameters are removed
 * before the URL goes to the driver.
 */
public final class JdbcStoreProvider implements SessionStoreProvider {
    private static final Set<String> OPTIONS =
            Set.of("table", "schema", "createTable", "pruneInterval", "poolSize", "connectionTimeout", "timeZone",
                    "asynchronousCommit");

    @Override
    public boolean supports(String spec) {
        return spec != null && spec.regionMatches(true, 0, "jdbc:", 0, 5);
    }

    @Override
    public SessionStore open(String spec, Map<String, String> options) {
        Map<String, String> opts = new HashMap<>();
        String url = takeUrlOptions(spec, opts);
        opts.putAll(options);
        for (String key : opts.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("store: unknown JDBC store option '" + key + "' (known: "
                        + OPTIONS + ")");
            }
        }
        JdbcDialect dialect = JdbcDialect.fromJdbcUrl(spec).orElseThrow(() -> new IllegalArgumentException(
                "store: JdbcStore supports jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, jdbc:h2: and jdbc:sqlite: URLs"));
        if (!HikariPools.available()) {
            throw new IllegalArgumentException("store: a jdbc: spec needs HikariCP on the class path "
                    + "(com.zaxxer:HikariCP; on the module path also `requires com.zaxxer.hikari` or "
                    + "--add-modules com.zaxxer.hikari), or build JdbcStore over your own DataSource");
        }
        int poolSize = intOption(opts, "poolSize", 10);
        int timeout = intOption(opts, "connectionTimeout", 2_000);
        DataSource pool = HikariPools.create(url, poolSize, timeout);
        try {
            JdbcStore.Builder builder = JdbcStore.builder(pool)
                    .dialect(dialect)
                    .closeWithStore((AutoCloseable) pool)
                    .createTableIfMissing(bool("createTable", opts.getOrDefault("createTable", "true")))
                    .asynchronousCommit(bool("asynchronousCommit", opts.getOrDefault("asynchronousCommit", "false")));
            if (opts.containsKey("table")) {
                builder.table(opts.get("table"));
            }
            if (opts.containsKey("schema")) {
                builder.schema(opts.get("schema"));
            }
            if (opts.containsKey("timeZone")) {
                builder.timeZone(ZoneId.of(opts.get("timeZone")));
            }
            if (opts.containsKey("pruneInterval")) {
                builder.pruneInterval(duration(opts.get("pruneInterval")));
            }
            return builder.build();
        } catch (RuntimeException e) {
            try {
                ((AutoCloseable) pool).close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Moves {@code sessions4j.*} query parameters of the URL into {@code opts}; returns the URL without them. */
    static String takeUrlOptions(String spec, Map<String, String> opts) {
        int query = spec.indexOf('?');
        if (query < 0) {
            return spec;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : spec.substring(query + 1).split("&")) {
            if (pair.startsWith("sessions4j.")) {
                int eq = pair.indexOf('=');
                String key = pair.substring("sessions4j.".length(), eq < 0 ? pair.length() : eq);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
                opts.put(key, value);
            } else if (!pair.isEmpty()) {
                kept.append(kept.length() == 0 ? "" : "&").append(pair);
            }
        }
        return kept.length() == 0 ? spec.substring(0, query) : spec.substring(0, query + 1) + kept;
    }

    private static int intOption(Map<String, String> opts, String key, int fallback) {
        String value = opts.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("store: option " + key + " must be a positive integer, got '" + value + "'");
        }
    }

    private static boolean bool(String option, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("store: option " + option + " must be true or false, got '" + value + "'");
    }

    private static Duration duration(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("off") || v.equals("0")) {
            return Duration.ZERO;
        }
        try {
            return v.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("store: option pruneInterval must be seconds or ISO-8601 (PT15M), got '"
                    + value + "'");
        }
    }
}
