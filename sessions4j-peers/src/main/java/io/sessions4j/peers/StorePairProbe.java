package io.sessions4j.peers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.jdbc.JdbcStore;
import io.sessions4j.redis.RedisStore;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a store costs the JVM per changed request, without the web server: {@code threads} threads each do
 * {@code pairs} times what the engine does for a request that changes its session — {@code getAndTouch}
 * (touch due, as with {@code touchAfter} 0) and a compare-and-set of the next record — on a session of their
 * own, padded by {@code pad} characters. Three rounds; each prints pairs/s, the process's CPU time per pair
 * (every thread, Lettuce's or the pool's included) and the bytes the calling threads allocated per pair.
 *
 * <pre>
 * java -cp ... io.sessions4j.peers.StorePairProbe redis://127.0.0.1:6472 4 5000 0 false
 * java -cp ... io.sessions4j.peers.StorePairProbe jdbc:postgresql://127.0.0.1:5582/postgres?user=postgres 4 1500 4000 true
 * </pre>
 *
 * The last argument is the JDBC store's {@code asynchronousCommit} (ignored for Redis).
 */
public final class StorePairProbe {
    private StorePairProbe() {
    }

    /**
     * Runs the rounds and prints one line per round.
     *
     * @param args store URI (redis:// or jdbc:), threads, pairs per thread, padding characters, asynchronousCommit
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5) {
            System.err.println("usage: StorePairProbe <redis://… | jdbc:…> <threads> <pairs> <pad> <asynchronousCommit>");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[1]);
        int pairs = Integer.parseInt(args[2]);
        String padding = "x".repeat(Integer.parseInt(args[3]));
        boolean async = Boolean.parseBoolean(args[4]);
        HikariDataSource pool = null;
        SessionStore store;
        if (args[0].startsWith("jdbc:")) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(args[0]);
            config.setMaximumPoolSize(threads);
            config.setConnectionTimeout(15_000);
            pool = new HikariDataSource(config);
            store = JdbcStore.builder(pool).table("store_pair_probe").createTableIfMissing(true)
                    .pruneInterval(Duration.ZERO).asynchronousCommit(async).build();
        } else {
            store = RedisStore.builder().uri(args[0]).prefix("store-pair-probe:").build();
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try {
            for (int round = 1; round <= 3; round++) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                AtomicLong allocated = new AtomicLong();
                Thread[] workers = new Thread[threads];
                for (int t = 0; t < threads; t++) {
                    String id = "s" + t;
                    workers[t] = new Thread(() -> {
                        long before = tm.getCurrentThreadAllocatedBytes();
                        store.set(id, new StoredSession(record(padding, 0), Instant.now().plus(Duration.ofMinutes(10))));
                        for (int i = 1; i <= pairs; i++) {
                            StoredSession read = store.getAndTouch(id,
                                    new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1))).orElseThrow();
                            StoredSession next = new StoredSession(record(padding, i),
                                    Instant.now().plus(Duration.ofMinutes(10)));
                            if (!store.replace(id, read.json(), next)) {
                                throw new IllegalStateException("a compare-and-set of a session no one else writes failed");
                            }
                        }
                        allocated.addAndGet(tm.getCurrentThreadAllocatedBytes() - before);
                    });
                    workers[t].start();
                }
                for (Thread w : workers) {
                    w.join();
                }
                long cpu = os.getProcessCpuTime() - cpu0;
                double seconds = (System.nanoTime() - t0) / 1e9;
                long n = (long) pairs * threads;
                System.out.printf("round %d: %d pairs, %.0f pairs/s, process CPU %.1f us/pair, allocated %.0f B/pair%n",
                        round, n, n / seconds, cpu / 1e3 / n, allocated.get() / (double) n);
            }
        } finally {
            store.close();
            if (pool != null) {
                pool.close();
            }
        }
    }

    private static String record(String padding, int views) {
        return "{\"cookie\":{\"originalMaxAge\":600000,\"expires\":\"2030-01-01T00:00:00.000Z\",\"httpOnly\":true,"
                + "\"path\":\"/\"}" + (padding.isEmpty() ? "" : ",\"pad\":\"" + padding + "\"") + ",\"views\":" + views + "}";
    }
}
