package io.sessions4j.redis.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} process owned by one test: started on a free port with its own data
 * directory (append-only file, fsync on every write), killed hard by {@link #kill()} and started again on
 * the same port and directory by {@link #start()}. The binary is the one shipped in embedded-redis
 * (Redis 6.2), so a machine with only a JDK runs these tests; {@link #systemOrEmbeddedBinary()} prefers a
 * Redis installed on the machine where a test wants a newer one.
 */
public final class RedisProcess implements AutoCloseable {
    /** Servers still running when the test JVM exits (a test that died early) are killed with it. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static Path embedded;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "redis-test-servers-reaper"));
    }

    private final Path binary;
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final Path sentinelConfig;
    private Process process;

    private RedisProcess(Path binary, int port, Path dir, List<String> extraArgs, Path sentinelConfig) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
        this.sentinelConfig = sentinelConfig;
    }

    /** Starts a Sentinel on a free port that monitors the master at {@code masterPort} as {@code masterName}. */
    public static RedisProcess startSentinel(Path binary, String masterName, int masterPort) {
        try {
            int port = freePort(false);
            Path dir = Files.createTempDirectory("sessions4j-sentinel-" + port + "-");
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "logfile " + dir.resolve("redis.log"),
                    "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1",
                    "sentinel down-after-milliseconds " + masterName + " 1000",
                    "sentinel failover-timeout " + masterName + " 5000",
                    ""));
            RedisProcess p = new RedisProcess(binary, port, dir, List.of(), conf);
            p.start();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a sentinel configuration", e);
        }
    }

    /** Starts a durable standalone server on a free port with the embedded binary. */
    public static RedisProcess startDurable() {
        return start(embeddedBinary(), freePort(false), List.of());
    }

    public static RedisProcess start(Path binary, int port, List<String> extraArgs) {
        try {
            Path dir = Files.createTempDirectory("sessions4j-redis-" + port + "-");
            RedisProcess p = new RedisProcess(binary, port, dir, List.copyOf(extraArgs), null);
            p.start();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a data directory for redis-server", e);
        }
    }

    /** Starts (or restarts) the server on its port and data directory and waits until it answers PING. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> cmd = sentinelConfig != null
                ? new ArrayList<>(List.of(binary.toString(), sentinelConfig.toString(), "--sentinel"))
                : new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", dir.toString(),
                "--appendonly", "yes",
                "--appendfsync", "always",
                "--save", "",
                "--daemonize", "no",
                "--protected-mode", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            RUNNING.add(process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary, e);
        }
        try {
            awaitPing(Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    /** Kills the server at once (SIGKILL): no shutdown save, only what was fsynced survives. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        RUNNING.remove(process);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** Whether the server answers PING now (a raw socket, no client library). */
    public boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[64];
            int n = s.getInputStream().read(buf);
            String reply = n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
            // A password-protected server answers NOAUTH: it is up, just not ours to use without credentials.
            return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        kill();
        deleteQuietly(dir);
    }

    private void awaitPing(Duration max) {
        Instant deadline = Instant.now().plus(max);
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + tail(dir.resolve("redis.log"))
                        + tail(dir.resolve("stdout.log")));
            }
            if (answersPing()) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING in " + max);
    }

    private static String tail(Path log) {
        try {
            String s = Files.exists(log) ? Files.readString(log) : "";
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "";
        }
    }

    /** The redis-server binary shipped inside embedded-redis, extracted once per JVM to a temp file. */
    public static synchronized Path embeddedBinary() {
        if (embedded == null) {
            try {
                embedded = ExecutableProvider.newJarResourceProvider().get().toPath();
            } catch (IOException e) {
                throw new IllegalStateException("cannot extract the embedded redis-server binary", e);
            }
        }
        return embedded;
    }

    /** The machine's redis-server when installed ($SESSIONS4J_REDIS_SERVER or /usr/bin/redis-server), else embedded. */
    public static Path systemOrEmbeddedBinary() {
        String env = System.getenv("SESSIONS4J_REDIS_SERVER");
        for (String candidate : new String[] {env, "/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return embeddedBinary();
    }

    /**
     * A port that is free now; with {@code clusterBus}, port + 10000 (the cluster bus) is free too. Random
     * within a high range so parallel runs rarely collide.
     */
    public static int freePort(boolean clusterBus) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = clusterBus ? ThreadLocalRandom.current().nextInt(20000, 29000)
                    : ThreadLocalRandom.current().nextInt(30000, 60000);
            if (isFree(port) && (!clusterBus || isFree(port + 10000))) {
                return port;
            }
        }
        throw new IllegalStateException("no free port found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; the OS cleans them eventually
        }
    }
}
