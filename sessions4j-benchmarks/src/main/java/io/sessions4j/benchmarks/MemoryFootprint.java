package io.sessions4j.benchmarks;

import io.sessions4j.MemoryStore;
import io.sessions4j.SessionConfig;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * How many live sessions the {@link MemoryStore} keeps in a heap, and how many bytes each takes: sessions are
 * created through the engine as a request would ({@link SessionManager#open}, a value put, the commit), in a
 * store with its default bound, and the heap in use is read after full collections, against the heap before
 * the first session.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp sessions4j-benchmarks/target/benchmarks.jar io.sessions4j.benchmarks.MemoryFootprint \
 *      1000000 0
 * </pre>
 *
 * Arguments: the number of sessions, and the characters of payload each holds besides {@code views}.
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    /**
     * Creates the sessions and prints the heap figures; exits with 1 if the store evicted any of them.
     *
     * @param args sessions, payload characters
     * @throws InterruptedException if interrupted while waiting for a collection
     */
    public static void main(String[] args) throws InterruptedException {
        int sessions = Integer.parseInt(args[0]);
        int payload = Integer.parseInt(args[1]);
        String data = "x".repeat(payload);
        MemoryStore store = new MemoryStore();
        SessionManager manager = SessionManager.create(SessionConfig.builder()
                .secrets("memory footprint secret: 32 bytes or more of key material")
                .store(store)
                .build());
        BenchExchange exchange = new BenchExchange("/");
        long before = heapAfterGc();
        long start = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            try (RequestScope scope = manager.open(exchange.reset(null))) {
                scope.session().put("views", 1);
                if (payload > 0) {
                    scope.session().put("data", data);
                }
                scope.commit();
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        long after = heapAfterGc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("s4j-memory (engine) sessions=%d payload=%d live=%d evicted=%d maxHeap=%d heapBefore=%d "
                + "heapAfter=%d bytesPerSession=%d defaultBound=%d seconds=%d%n", sessions, payload, store.length(),
                store.evictionCount(), rt.maxMemory(), before, after, (after - before) / sessions,
                MemoryStore.defaultMaximumWeight(), seconds);
        if (store.evictionCount() > 0 || store.length() != sessions) {
            System.exit(1);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
