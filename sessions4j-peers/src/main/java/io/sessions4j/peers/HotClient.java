package io.sessions4j.peers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lost updates on one hot session: one request to {@code /hot} creates the session, then {@code clients} threads
 * each send {@code increments} requests to {@code /hot} with that session's cookie at the same time, and
 * {@code /hot/value} gives what the session holds at the end. Every increment that answered 200 should be
 * there: {@code lost = 1 + successful increments - final value}.
 *
 * <pre>
 * java -cp ... io.sessions4j.peers.HotClient http://127.0.0.1:3301 16 250
 * </pre>
 *
 * Prints one line, {@code hot: clients=16 increments=250 expected=4001 final=... lost=... failed=...} (and
 * {@code failures={409=3}} by status or exception when some failed), and exits 1
 * when the server sets no cookie (no sessions).
 */
public final class HotClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private HotClient() {
    }

    /**
     * Runs the clients and prints the result line.
     *
     * @param args base URL, number of clients, increments per client
     * @throws Exception when the server cannot be reached
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HotClient <base url> <clients> <increments per client>");
            System.exit(2);
        }
        URI base = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        int increments = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

        HttpResponse<String> first = http.send(get(base, "/hot", null), HttpResponse.BodyHandlers.ofString());
        String cookie = first.headers().firstValue("set-cookie").map(c -> c.split(";", 2)[0]).orElse(null);
        if (cookie == null) {
            System.out.println("hot: no Set-Cookie from " + base + "/hot: no sessions, nothing to lose");
            System.exit(1);
        }
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        // What the failures were, e.g. {409=3, IOException=1}: a conflict answer is not a lost update.
        Map<String, AtomicInteger> failures = new ConcurrentSkipListMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < increments; i++) {
                        try {
                            int status = http.send(get(base, "/hot", cookie), HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                            if (status == 200) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                failures.computeIfAbsent(String.valueOf(status), k -> new AtomicInteger()).incrementAndGet();
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                            failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        String value = http.send(get(base, "/hot/value", cookie), HttpResponse.BodyHandlers.ofString()).body().trim();
        int finalValue = Integer.parseInt(value);
        int expected = 1 + ok.get();
        System.out.printf("hot: clients=%d increments=%d expected=%d final=%d lost=%d failed=%d%s%n",
                clients, increments, expected, finalValue, expected - finalValue, failed.get(),
                failures.isEmpty() ? "" : " failures=" + failures.toString().replace(" ", ""));
    }

    private static HttpRequest get(URI base, String path, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return request.build();
    }
}
