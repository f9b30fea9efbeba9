package io.sessions4j.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * A store outage under load, as the clients of an application see it. A few clients, each with its own
 * session, keep calling a page that counts in the session while the test breaks the store (kills, pauses or
 * stops its server) and repairs it. The drill records every response and then tells what the outage did:
 * the statuses, the slowest answer, the threads the JVM needed, the log lines written, and whether each
 * session written before the outage was still there afterwards.
 *
 * <p>{@code OutageDrill.against(url, countParser).run(breakStore, repairStore).assertContained(maxWait)}
 * runs one outage and checks it; {@code RedisOutageMatrixTest} and the JDBC module's {@code OutageMatrix} use it.
 *
 * <p>Runs in the application's JVM (it counts that JVM's threads and captures what SLF4J's simple logger
 * writes to {@code System.err}). Every loop is bounded in time; only the given URL is called.
 */
public final class OutageDrill {
    /** A response that took longer than this counts as hung (and the client gives up on it). */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private final String url;
    private final ToIntFunction<String> count;
    private int clients = 8;
    private Duration before = Duration.ofMillis(1_500);
    private Duration outage = Duration.ofSeconds(3);
    private Duration recoveryLimit = Duration.ofSeconds(45);

    private OutageDrill(String url, ToIntFunction<String> count) {
        this.url = url;
        this.count = count;
    }

    /**
     * A drill against a page that increments a counter in the session and answers the new count.
     *
     * @param url the page, e.g. {@code http://127.0.0.1:8080/views}
     * @param count reads the count from a 200 response's body
     * @return the drill, with 8 clients and a 3-second outage
     */
    public static OutageDrill against(String url, ToIntFunction<String> count) {
        return new OutageDrill(url, count);
    }

    /**
     * @param clients how many clients load the page at once; default 8
     * @return this drill
     */
    public OutageDrill clients(int clients) {
        this.clients = clients;
        return this;
    }

    /**
     * @param outage how long the store stays broken; default 3 seconds
     * @return this drill
     */
    public OutageDrill outage(Duration outage) {
        this.outage = outage;
        return this;
    }

    /**
     * Creates one session per client, loads the page, runs {@code breakStore}, waits {@link #outage}, runs
     * {@code repairStore}, and loads on until every client has been answered 200 again (or the recovery limit
     * passes).
     *
     * @param breakStore what breaks the store (kill, pause or stop its server)
     * @param repairStore what repairs it
     * @return what the outage did
     * @throws Exception from either action, or when the app does not work before the outage
     */
    public Result run(Action breakStore, Action repairStore) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Client> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client c = new Client(http);
            for (int n = 0; n < 3; n++) {
                Reply r = c.call();
                if (r.status != 200) {
                    throw new IllegalStateException("the app does not work before the outage: " + r.status + " " + r.body);
                }
                c.beforeOutage = count.applyAsInt(r.body);
            }
            all.add(c);
        }

        Phase phase = new Phase();
        int threadsBefore = liveThreads();
        ExecutorService load = Executors.newFixedThreadPool(clients);
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(stderr, log), true, StandardCharsets.UTF_8));
        long started = System.nanoTime();
        int threadsDuringOutage;
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (Client c : all) {
                loops.add(load.submit(() -> c.loop(phase)));
            }
            Thread.sleep(before.toMillis());
            breakStore.run();
            phase.outage.set(true);
            threadsDuringOutage = sampleThreads(outage);
            repairStore.run();
            phase.outage.set(false);
            phase.recovering.set(true);
            long deadline = System.nanoTime() + recoveryLimit.toNanos();
            while (all.stream().anyMatch(c -> !c.answeredAfterRecovery.get()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            phase.stop.set(true);
            for (Future<?> f : loops) {
                f.get(CLIENT_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            }
        } finally {
            phase.stop.set(true);
            load.shutdownNow();
            System.setErr(stderr);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        int lost = 0;
        for (Client c : all) {
            Reply r = c.call();
            if (r.status != 200 || c.replaced || count.applyAsInt(r.body) <= c.beforeOutage) {
                lost++;
            }
        }
        Thread.sleep(1_000);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<Integer, Integer> outageStatuses = new TreeMap<>();
        long slowest = 0;
        int timeouts = 0;
        for (Client c : all) {
            for (Reply r : c.replies) {
                statuses.merge(r.status, 1, Integer::sum);
                if (r.duringOutage) {
                    outageStatuses.merge(r.status, 1, Integer::sum);
                }
                slowest = Math.max(slowest, r.nanos);
                timeouts += r.status == 0 ? 1 : 0;
            }
        }
        List<String> lines = Arrays.stream(log.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(l -> l.startsWith("[")).collect(Collectors.toList());
        boolean recovered = all.stream().allMatch(c -> c.answeredAfterRecovery.get());
        return new Result(statuses, outageStatuses, Duration.ofNanos(slowest), timeouts, threadsBefore,
                threadsDuringOutage, liveThreads(), lines, lost, recovered, took);
    }

    private static int sampleThreads(Duration during) throws InterruptedException {
        int max = 0;
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            max = Math.max(max, liveThreads());
            Thread.sleep(100);
        }
        return max;
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Something the test does to the store's server; may throw. */
    @FunctionalInterface
    public interface Action {
        /**
         * Does it.
         *
         * @throws Exception when it cannot
         */
        void run() throws Exception;
    }

    /**
     * What the outage did.
     *
     * @param statuses every response's status over the whole drill (0: the client gave up waiting)
     * @param outageStatuses the statuses of requests sent while the store was broken
     * @param slowest the longest any request waited
     * @param hung requests the client gave up on after 30 seconds
     * @param threadsBefore the JVM's live threads before the load
     * @param threadsDuringOutage the most live threads seen while the store was broken
     * @param threadsAfter live threads once the load had stopped after recovery
     * @param logLines the log statements written during the drill (stack-trace lines not counted)
     * @param sessionsLost sessions written before the outage that were not found afterwards (a new session
     *     replaced them, or the count did not go on)
     * @param recovered whether every client was answered 200 again after the repair
     * @param took the drill's duration
     */
    public record Result(Map<Integer, Integer> statuses, Map<Integer, Integer> outageStatuses, Duration slowest,
            int hung, int threadsBefore, int threadsDuringOutage, int threadsAfter, List<String> logLines,
            int sessionsLost, boolean recovered, Duration took) {

        /**
         * Checks what every outage must keep to: only 200 or 503 (the default store failure policy), at least
         * one 503 (the outage was felt), nothing hung and nothing slower than {@code maxWait} (the store's
         * timeouts, with room to spare), no pile-up of threads, a bounded number of sessions4j log lines
         * however many requests failed, every session from before still there, and every client served again.
         *
         * @param maxWait no request may take this long
         * @return this result
         */
        public Result assertContained(Duration maxWait) {
            assertThat(statuses.keySet()).as("statuses: %s", this).isSubsetOf(200, 503);
            assertThat(count(503)).as("requests failed while the store was broken: %s", this).isPositive();
            assertThat(hung).as("hung requests: %s", this).isZero();
            assertThat(slowest).as("the slowest request: %s", this).isLessThan(maxWait);
            assertThat(threadsDuringOutage).as("threads during the outage: %s", this)
                    .isLessThanOrEqualTo(threadsBefore + 64);
            assertThat(threadsAfter).as("threads after it: %s", this).isLessThanOrEqualTo(threadsBefore + 32);
            assertThat(logLinesOf("io.sessions4j")).as("sessions4j log lines: %s", this).hasSizeLessThanOrEqualTo(12);
            assertThat(sessionsLost).as("sessions lost: %s", this).isZero();
            assertThat(recovered).as("every client served again: %s", this).isTrue();
            return this;
        }

        /**
         * @param status an HTTP status, or 0 for requests the client gave up on
         * @return how many requests were answered with it
         */
        public int count(int status) {
            return statuses.getOrDefault(status, 0);
        }

        /**
         * @param loggerPrefix a logger name or its start, e.g. {@code io.sessions4j}
         * @return the log lines of those loggers
         */
        public List<String> logLinesOf(String loggerPrefix) {
            return logLines.stream().filter(l -> l.contains(" " + loggerPrefix)).collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "statuses " + statuses + " (during the outage " + outageStatuses + "), slowest " + slowest.toMillis()
                    + " ms, hung " + hung + ", threads " + threadsBefore + " -> " + threadsDuringOutage + " -> "
                    + threadsAfter + ", log lines " + logLines.size() + " (sessions4j " + logLinesOf("io.sessions4j")
                    .size() + "), sessions lost " + sessionsLost + ", recovered " + recovered + ", took "
                    + took.toMillis() + " ms";
        }
    }

    private static final class Phase {
        final AtomicBoolean outage = new AtomicBoolean();
        final AtomicBoolean recovering = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();
    }

    private record Reply(int status, String body, long nanos, boolean duringOutage) {
    }

    private final class Client {
        private final HttpClient http;
        private final List<Reply> replies = new ArrayList<>();
        private final AtomicBoolean answeredAfterRecovery = new AtomicBoolean();
        private String cookie;
        private int beforeOutage;
        private boolean replaced;

        Client(HttpClient http) {
            this.http = http;
        }

        void loop(Phase phase) {
            while (!phase.stop.get()) {
                boolean inOutage = phase.outage.get();
                boolean afterRepair = phase.recovering.get();
                Reply r = call(inOutage);
                synchronized (replies) {
                    replies.add(r);
                }
                if (afterRepair && r.status == 200) {
                    answeredAfterRecovery.set(true);
                }
                if (r.status != 200) {
                    sleepQuietly(20);
                }
            }
        }

        Reply call() {
            return call(false);
        }

        Reply call(boolean duringOutage) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(CLIENT_TIMEOUT).GET();
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                Optional<String> set = res.headers().firstValue("Set-Cookie");
                if (set.isPresent() && res.statusCode() == 200) {
                    String pair = set.get().substring(0, set.get().indexOf(';'));
                    // A new cookie for a client that had one: its session was not found, a new one began.
                    replaced |= cookie != null && !cookie.equals(pair);
                    cookie = pair;
                }
                return new Reply(res.statusCode(), res.body(), System.nanoTime() - t0, duringOutage);
            } catch (HttpTimeoutException e) {
                return new Reply(0, "", System.nanoTime() - t0, duringOutage);
            } catch (IOException e) {
                return new Reply(-1, String.valueOf(e), System.nanoTime() - t0, duringOutage);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Reply(-1, "interrupted", System.nanoTime() - t0, duringOutage);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes to the real stderr and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
