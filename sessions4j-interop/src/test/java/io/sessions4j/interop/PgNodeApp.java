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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code sessions4j-interop/node/pg-app.js} (express 5, express-session 1.19, connect-pg-simple 10, pg 8) as a
 * child process. Its packages are installed once with {@code npm ci} from the pinned package-lock.json;
 * without node or npm the calling test is skipped with the reason, unless {@code SESSIONS4J_REQUIRE_INTEROP=1}
 * makes that a failure.
 */
final class PgNodeApp implements AutoCloseable {
    static final String REQUIRE_ENV = "SESSIONS4J_REQUIRE_INTEROP";
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static Boolean installed;

    private final Process process;
    private final int port;
    private final StringBuilder output;

    private PgNodeApp(Process process, int port, StringBuilder output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** The Node project shared with the Redis interop tests. */
    static Path nodeDir() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir).resolve("node").toAbsolutePath().normalize();
    }

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
            unavailable("node and npm are needed for the connect-pg-simple interop test but "
                    + (node.isEmpty() ? "node" : "npm") + " is not on the PATH");
        }
        Path dir = nodeDir();
        if (!Files.exists(dir.resolve("pg-app.js"))) {
            unavailable("no " + dir.resolve("pg-app.js") + " (the test needs the whole repository checkout)");
        }
        try {
            if (Files.isDirectory(dir.resolve("node_modules/connect-pg-simple"))
                    && Files.isDirectory(dir.resolve("node_modules/pg"))
                    && Files.isDirectory(dir.resolve("node_modules/express-session"))) {
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

    /** node-postgres' connection string for a {@code jdbc:postgresql://host:port/db?user=..&password=..} URL. */
    static String nodeUrl(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = "postgres";
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
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return "postgres://" + user + (password == null ? "" : ":" + password) + "@" + host + ":" + port
                + uri.getPath();
    }

    /** Starts the app over this table; {@code pgTimeZone} null for the server's default. */
    static PgNodeApp start(String jdbcUrl, String table, String secret, long maxAgeMillis, String pgTimeZone) {
        requireNode();
        ProcessBuilder pb = new ProcessBuilder(onPath("node").orElseThrow().toString(), "pg-app.js")
                .directory(nodeDir().toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PORT", "0");
        env.put("DATABASE_URL", nodeUrl(jdbcUrl));
        env.put("TABLE", table);
        env.put("SECRETS", "[\"" + secret.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]");
        env.put("MAX_AGE", Long.toString(maxAgeMillis));
        if (pgTimeZone != null) {
            env.put("PG_TIMEZONE", pgTimeZone);
        } else {
            env.remove("PG_TIMEZONE");
        }
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
            }, "pg-node-app-output");
            reader.setDaemon(true);
            reader.start();
            Integer port = ready.poll(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
            if (port == null) {
                process.destroyForcibly();
                throw new IllegalStateException("the Node app did not start in " + STARTUP + ":\n" + output);
            }
            return new PgNodeApp(process, port, output);
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

    String output() {
        synchronized (output) {
            return output.toString();
        }
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
