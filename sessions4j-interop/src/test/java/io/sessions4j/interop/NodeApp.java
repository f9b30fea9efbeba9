package io.sessions4j.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Node app of {@code node/app.js} (express 5, express-session 1.19, with connect-redis 9 or
 * connect-pg-simple 10 as its store) as a child process. {@link #requireNode()} installs its packages once
 * with {@code npm ci} (the versions pinned by {@code node/package-lock.json}); without node or npm the
 * calling test is skipped with the reason, unless {@code SESSIONS4J_REQUIRE_INTEROP=1}, where it fails
 * instead.
 */
final class NodeApp implements AutoCloseable {
    static final String REQUIRE_ENV = "SESSIONS4J_REQUIRE_INTEROP";
    private static final Duration STARTUP = Duration.ofSeconds(30);
    /** Every variable app.js reads. */
    private static final List<String> APP_SETTINGS = List.of("STORE", "PORT", "SECRETS", "MAX_AGE", "SAME_SITE",
            "WORKERS", "REDIS_URL", "REDIS_CLUSTER", "PREFIX", "DATABASE_URL", "TABLE", "SCHEMA", "POOL_SIZE",
            "CREATE_TABLE", "PG_TIMEZONE", "MYSQL_URL");
    private static Boolean installed;

    private final Process process;
    private final int port;
    private final StringBuilder output;

    private NodeApp(Process process, int port, StringBuilder output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** The Node project directory. */
    static Path nodeDir() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir).resolve("node").toAbsolutePath();
    }

    /** Makes sure node is there and the packages are installed; otherwise skips (or fails when required). */
    static synchronized void requireNode() {
        if (installed == null) {
            installed = install();
        }
        if (!installed) {
            unavailable("npm ci failed in " + nodeDir() + " (see the test output)");
        }
    }

    private static boolean install() {
        Optional<Path> node = onPath("node");
        Optional<Path> npm = onPath("npm");
        if (node.isEmpty() || npm.isEmpty()) {
            unavailable("node and npm are needed for the express-session interop tests but "
                    + (node.isEmpty() ? "node" : "npm") + " is not on the PATH");
        }
        Path dir = nodeDir();
        Path marker = dir.resolve("node_modules").resolve(".package-lock.json");
        try {
            if (Files.exists(marker) && Files.getLastModifiedTime(marker).compareTo(
                    Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0) {
                return true;
            }
            Process p = new ProcessBuilder(npm.get().toString(), "ci", "--no-audit", "--no-fund")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            if (!done || p.exitValue() != 0) {
                System.err.println("npm ci failed in " + dir + ":\n" + log);
                return false;
            }
            return true;
        } catch (IOException e) {
            System.err.println("npm ci failed in " + dir + ": " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void unavailable(String reason) {
        if ("1".equals(System.getenv(REQUIRE_ENV)) || "true".equalsIgnoreCase(System.getenv(REQUIRE_ENV))) {
            throw new AssertionError(reason + " (" + REQUIRE_ENV + " is set, so this is a failure)");
        }
        Assumptions.abort(reason + "; set " + REQUIRE_ENV + "=1 to make this a failure");
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the app over connect-redis with this key prefix. {@code secrets} as express-session takes them
     * (first signs, all verify); {@code maxAgeMillis} null for a browser-session cookie.
     */
    static NodeApp redis(String redisUrl, String prefix, List<String> secrets, Long maxAgeMillis) {
        return overRedis(redisUrl, prefix).secrets(secrets).maxAge(maxAgeMillis).start();
    }

    /**
     * Starts the app over connect-pg-simple with this table of the database at {@code jdbcUrl};
     * {@code pgTimeZone} the TimeZone of its database sessions, null for the server's default.
     */
    static NodeApp postgres(String jdbcUrl, String table, List<String> secrets, Long maxAgeMillis,
            String pgTimeZone) {
        return overPostgres(jdbcUrl, table).set("PG_TIMEZONE", pgTimeZone).secrets(secrets).maxAge(maxAgeMillis)
                .start();
    }

    /** The app over connect-redis with this key prefix, to be configured further. */
    static Launch overRedis(String redisUrl, String prefix) {
        return new Launch("redis").set("REDIS_URL", redisUrl).set("PREFIX", prefix);
    }

    /**
     * The app over connect-redis on a Redis Cluster (node-redis {@code createCluster}), seeded with
     * {@code redis://host:p1,host:p2,...}.
     */
    static Launch overRedisCluster(String seeds, String prefix) {
        return overRedis(seeds, prefix).set("REDIS_CLUSTER", "1");
    }

    /** The app over connect-pg-simple with this table of the database at {@code jdbcUrl}. */
    static Launch overPostgres(String jdbcUrl, String table) {
        return new Launch("pg").set("DATABASE_URL", nodePostgresUrl(jdbcUrl)).set("TABLE", table);
    }

    /** The app over express-mysql-session with this table of the MariaDB/MySQL database at {@code jdbcUrl}. */
    static Launch overMysql(String jdbcUrl, String table) {
        return new Launch("mysql").set("MYSQL_URL", nodeUrl(jdbcUrl, "mysql", 3306, "root")).set("TABLE", table);
    }

    /** node-postgres' connection string for a {@code jdbc:postgresql://host:port/db?user=..&password=..} URL. */
    static String nodePostgresUrl(String jdbcUrl) {
        return nodeUrl(jdbcUrl, "postgres", 5432, "postgres");
    }

    /** {@code scheme://user[:password]@host:port/db} for a {@code jdbc:<x>://host:port/db?user=..&password=..} URL. */
    private static String nodeUrl(String jdbcUrl, String scheme, int defaultPort, String defaultUser) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = defaultUser;
        String password = null;
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("user")) {
                    user = kv[1];
                } else if (kv[0].equals("password")) {
                    password = kv[1];
                }
            }
        }
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        return scheme + "://" + user + (password == null ? "" : ":" + password) + "@" + host + ":" + port
                + uri.getPath();
    }

    /** The settings of one start of app.js: the store and the variables app.js documents. */
    static final class Launch {
        private final String store;
        private final Map<String, String> env = new HashMap<>();
        private List<String> secrets;

        private Launch(String store) {
            this.store = store;
        }

        /** One of app.js's variables; {@code null} leaves it unset. */
        Launch set(String name, String value) {
            if (!APP_SETTINGS.contains(name)) {
                throw new IllegalArgumentException(name + " is not a variable app.js reads");
            }
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
            return this;
        }

        /** As express-session takes them: the first signs, all verify. */
        Launch secrets(List<String> secrets) {
            this.secrets = List.copyOf(secrets);
            return this;
        }

        /** The cookie's maxAge; {@code null} for a browser-session cookie. */
        Launch maxAge(Long millis) {
            return set("MAX_AGE", millis == null ? null : Long.toString(millis));
        }

        /**
         * Starts {@code node/app.js} with these settings. app.js settings in the test JVM's own environment are
         * not passed on: they could point the app at another server or table than the test's.
         */
        NodeApp start() {
            if (secrets == null || secrets.isEmpty()) {
                throw new IllegalStateException("the Node app needs the secrets the Java side uses");
            }
            Map<String, String> all = new HashMap<>(env);
            all.put("STORE", store);
            all.put("PORT", "0");
            all.put("SECRETS", toJsonArray(secrets));
            return NodeApp.start(all);
        }
    }

    private static NodeApp start(Map<String, String> settings) {
        requireNode();
        List<String> cmd = List.of(onPath("node").orElseThrow().toString(), "app.js");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(nodeDir().toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        for (String setting : APP_SETTINGS) {
            env.remove(setting);
        }
        env.putAll(settings);
        try {
            Process process = pb.start();
            StringBuilder output = new StringBuilder();
            BlockingQueue<Integer> ready = new ArrayBlockingQueue<>(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        if (line.startsWith("listening ")) {
                            ready.offer(Integer.parseInt(line.substring("listening ".length()).trim()));
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "node-app-output");
            reader.setDaemon(true);
            reader.start();
            Integer port = ready.poll(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
            if (port == null) {
                process.destroyForcibly();
                throw new IllegalStateException("the Node app did not start in " + STARTUP + ":\n" + output);
            }
            return new NodeApp(process, port, output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    private static String toJsonArray(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add('"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
        }
        return "[" + String.join(",", quoted) + "]";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
