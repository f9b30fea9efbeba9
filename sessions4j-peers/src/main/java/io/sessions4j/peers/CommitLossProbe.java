package io.sessions4j.peers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.jdbc.JdbcDialect;
import io.sessions4j.jdbc.JdbcStore;
import io.sessions4j.spi.StoredSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PostgreSQL crash takes from acknowledged session writes, through the real {@link JdbcStore}: {@code
 * clients} threads each write their own session over and over ({@code {"n":k}}, k = 1, 2, …) and remember the
 * last k the store acknowledged; after {@code seconds} the crash command runs (bench/pg-commit-loss.sh: an
 * immediate shutdown, which skips the final WAL flush as a power cut would, then a restart), and once the
 * database is back every session is read: lost = acknowledged k − stored k, summed over the sessions behind.
 *
 * <pre>
 * java -cp ... io.sessions4j.peers.CommitLossProbe jdbc:postgresql://127.0.0.1:5581/postgres?user=postgres \
 *     true 8 5 "pg_ctl -D data stop -m immediate &amp;&amp; pg_ctl -D data start -w"
 * </pre>
 *
 * Prints one line: {@code loss: async=true writes=… writes/s=… lost=… lost-ms=… sessions-behind=…}, where
 * lost-ms is the lost writes as time at the measured write rate.
 */
public final class CommitLossProbe {
    private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

    private CommitLossProbe() {
    }

    /**
     * Runs the probe and prints the result line.
     *
     * @param args JDBC URL, asynchronousCommit (true/false), clients, seconds, crash command (run by bash)
     * @throws Exception when the crash command fails or the database does not come back
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: CommitLossProbe <jdbc-url> <asynchronousCommit> <clients> <seconds> <crash command>");
            System.exit(2);
        }
        String url = args[0];
        boolean async = Boolean.parseBoolean(args[1]);
        int clients = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(clients);
        config.setConnectionTimeout(15_000); // a loaded machine may take seconds for the first connection
        config.setInitializationFailTimeout(-1);
        AtomicLongArray acked = new AtomicLongArray(clients);
        AtomicBoolean crashed = new AtomicBoolean();
        long writes;
        double elapsed;
        try (HikariDataSource pool = new HikariDataSource(config);
                JdbcStore store = JdbcStore.builder(pool).dialect(JdbcDialect.POSTGRESQL).table("commit_loss_probe").createTableIfMissing(true)
                        .pruneInterval(Duration.ZERO).asynchronousCommit(async).build()) {
            store.clear();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                int client = i;
                Thread t = new Thread(() -> {
                    for (long k = 1; !crashed.get(); k++) {
                        try {
                            store.set("probe-" + client, new StoredSession("{\"n\":" + k + "}",
                                    Instant.now().plus(Duration.ofHours(1))));
                            acked.set(client, k);
                        } catch (RuntimeException e) {
                            return; // the crash: this write was not acknowledged
                        }
                    }
                }, "probe-" + i);
                threads.add(t);
                t.start();
            }
            Thread.sleep(seconds * 1000);
            writes = sum(acked);
            elapsed = (System.nanoTime() - start) / 1e9;
            Process crash = new ProcessBuilder("bash", "-c", args[4]).inheritIO().start();
            int exit = crash.waitFor();
            crashed.set(true);
            for (Thread t : threads) {
                t.join();
            }
            if (exit != 0) {
                throw new IOException("the crash command failed with exit code " + exit);
            }
            writes = sum(acked);
            // A write the crash cut off after its commit but before its answer is stored and not acknowledged:
            // a session ahead of its acknowledgement is no loss.
            long lost = 0;
            int behind = 0;
            for (int i = 0; i < clients; i++) {
                long n = readBack(store, "probe-" + i);
                if (n < acked.get(i)) {
                    lost += acked.get(i) - n;
                    behind++;
                }
            }
            double rate = writes / elapsed;
            System.out.printf("loss: async=%s clients=%d writes=%d writes/s=%.0f lost=%d lost-ms=%.0f sessions-behind=%d%n",
                    async, clients, writes, rate, lost, lost / rate * 1000, behind);
        }
    }

    private static long sum(AtomicLongArray a) {
        long s = 0;
        for (int i = 0; i < a.length(); i++) {
            s += a.get(i);
        }
        return s;
    }

    /** The stored k, once the restarted database answers (a missing row is k = 0: every write lost). */
    private static long readBack(JdbcStore store, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return store.get(id).map(s -> {
                    Matcher m = N.matcher(s.json());
                    return m.find() ? Long.parseLong(m.group(1)) : 0L;
                }).orElse(0L);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
