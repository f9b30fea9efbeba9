package io.sessions4j.examples;

import io.sessions4j.IdTransport;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the demo server was asked to do, from its command line and environment. A flag wins over its
 * environment variable; {@link #parse} refuses anything it does not understand with a {@link UsageException}.
 *
 * @param host the address to listen on
 * @param port the port, 0 for any free one
 * @param secret the cookie-signing secret; empty when none was given (the server then makes a random one)
 * @param store the store spec for {@link io.sessions4j.SessionStores#open(String)}
 * @param cookieMaxAge the lifetime of new sessions' cookies; {@code null} for a browser-session cookie
 * @param sessions whether the session filter is installed ({@code --no-session} turns it off)
 * @param threads a fixed number of server threads, or 0 for Jetty's default pool
 * @param idTransport how the session id travels: the cookie (default), the X-Session-Token header, or both
 * @param help whether only the usage text was asked for
 */
public record DemoOptions(String host, int port, Optional<String> secret, String store, Duration cookieMaxAge,
        boolean sessions, int threads, IdTransport idTransport, boolean help) {

    static final String USAGE = String.join("\n",
            "usage: DemoServer [options]",
            "",
            "  --port N             port to listen on, 0 for any free port (env PORT; default 3000)",
            "  --host ADDR          address to listen on (env HOST; default 127.0.0.1)",
            "  --secret S           cookie-signing secret (env SESSION_SECRET; prefer the env variable,",
            "                       a flag shows in the process list). Without one a random secret is",
            "                       made and sessions do not survive a restart.",
            "  --store SPEC         session store: memory, or what a store module on the class path",
            "                       understands, e.g. redis://127.0.0.1:6379 (env SESSION_STORE; default memory)",
            "  --cookie-max-age D   lifetime of the session cookie: seconds, or 90s, 10m, 2h, 30d, an ISO-8601",
            "                       duration (PT1M), or 'session' for a browser-session cookie (default 60s)",
            "  --threads N          fixed number of server threads (default: Jetty's own pool)",
            "  --id-transport T     how the session id travels: cookie (default), header (X-Session-Token,",
            "                       for API clients), or both in order: header,cookie or cookie,header",
            "  --no-session         serve the same pages without the session filter (load-test baseline)",
            "  --help               print this text",
            "");

    static final int DEFAULT_PORT = 3000;
    static final String DEFAULT_HOST = "127.0.0.1";
    static final Duration DEFAULT_COOKIE_MAX_AGE = Duration.ofSeconds(60);

    public DemoOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(idTransport, "idTransport");
    }

    /** The defaults: port 3000 on 127.0.0.1, memory store, 60 s cookies, sessions on, a random secret. */
    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), "memory", DEFAULT_COOKIE_MAX_AGE,
                true, 0, IdTransport.cookie(), false);
    }

    /** These options on another port (tests use 0). */
    public DemoOptions withPort(int newPort) {
        return new DemoOptions(host, newPort, secret, store, cookieMaxAge, sessions, threads, idTransport, help);
    }

    /** These options with a fixed secret. */
    public DemoOptions withSecret(String newSecret) {
        return new DemoOptions(host, port, Optional.of(newSecret), store, cookieMaxAge, sessions, threads, idTransport, help);
    }

    /** These options with or without the session filter. */
    public DemoOptions withSessions(boolean enabled) {
        return new DemoOptions(host, port, secret, store, cookieMaxAge, enabled, threads, idTransport, help);
    }

    /**
     * Reads the command line, falling back to the environment ({@code PORT}, {@code HOST},
     * {@code SESSION_SECRET}, {@code SESSION_STORE}) for what the flags leave out.
     *
     * @throws UsageException naming the flag or variable that is wrong
     */
    public static DemoOptions parse(String[] args, Map<String, String> env) throws UsageException {
        String host = nonBlank(env.get("HOST")).orElse(DEFAULT_HOST);
        int port = DEFAULT_PORT;
        Optional<String> envPort = nonBlank(env.get("PORT"));
        if (envPort.isPresent()) {
            port = port("PORT", envPort.get());
        }
        Optional<String> secret = nonBlank(env.get("SESSION_SECRET"));
        String store = nonBlank(env.get("SESSION_STORE")).orElse("memory");
        Duration cookieMaxAge = DEFAULT_COOKIE_MAX_AGE;
        boolean sessions = true;
        int threads = 0;
        IdTransport idTransport = IdTransport.cookie();
        boolean help = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            switch (flag) {
                case "--help", "-h" -> help = true;
                case "--no-session" -> {
                    if (inlineValue != null) {
                        throw new UsageException("--no-session takes no value");
                    }
                    sessions = false;
                }
                case "--port", "--host", "--secret", "--store", "--cookie-max-age", "--threads", "--id-transport" -> {
                    String value = inlineValue;
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new UsageException(flag + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (flag) {
                        case "--port" -> port = port(flag, value);
                        case "--host" -> host = required(flag, value);
                        case "--secret" -> secret = Optional.of(required(flag, value));
                        case "--store" -> store = required(flag, value);
                        case "--cookie-max-age" -> cookieMaxAge = duration(flag, value);
                        case "--id-transport" -> idTransport = idTransport(flag, value);
                        default -> threads = threads(flag, value);
                    }
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return new DemoOptions(host, port, secret, store, cookieMaxAge, sessions, threads, idTransport, help);
    }

    /** {@code cookie}, {@code header}, or both in order, comma-separated. */
    static IdTransport idTransport(String flag, String value) throws UsageException {
        List<IdTransport.Channel> order = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            switch (part.trim().toLowerCase(Locale.ROOT)) {
                case "cookie" -> order.add(IdTransport.Channel.COOKIE);
                case "header" -> order.add(IdTransport.Channel.HEADER);
                default -> throw new UsageException(flag + " must be cookie, header, header,cookie or cookie,header, got '"
                        + value + "'");
            }
        }
        try {
            return IdTransport.of(order, null);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static String required(String flag, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(flag + " must not be empty");
        }
        return value.trim();
    }

    private static int port(String flag, String value) throws UsageException {
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a port number, got '" + value + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new UsageException(flag + " must be between 0 and 65535, got " + port);
        }
        return port;
    }

    private static int threads(String flag, String value) throws UsageException {
        int threads;
        try {
            threads = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a number, got '" + value + "'");
        }
        // Jetty needs a few threads for its acceptor and selector before any request runs.
        if (threads < 4 || threads > 10_000) {
            throw new UsageException(flag + " must be between 4 and 10000, got " + threads);
        }
        return threads;
    }

    /** Seconds, a number with a unit (s, m, h, d), an ISO-8601 duration, or 'session' for none. */
    static Duration duration(String flag, String value) throws UsageException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("session")) {
            return null;
        }
        Duration d;
        try {
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else {
                char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
                String digits = Character.isDigit(unit) ? v : v.substring(0, Math.max(0, v.length() - 1));
                long n = Long.parseLong(digits);
                d = switch (unit) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> {
                        if (!Character.isDigit(unit)) {
                            throw new NumberFormatException("unit");
                        }
                        yield Duration.ofSeconds(n);
                    }
                };
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new UsageException(flag + " must be like 60, 90s, 10m, 2h, 30d, PT1M or 'session', got '"
                    + value + "'");
        }
        if (d.isNegative() || d.isZero()) {
            throw new UsageException(flag + " must be positive, got '" + value + "'");
        }
        return d;
    }
}
