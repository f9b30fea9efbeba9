package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sessions4j.ConcurrencyMode;
import io.sessions4j.servlet.testing.JettyHarness;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.StoreCallProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter on Jetty 12 with virtual threads, under concurrent requests against a store whose calls block:
 * every request is served, on virtual threads, and JFR records no pinned virtual thread in sessions4j code.
 * Needs JDK 21+ (the build runs this class on one; see the pom); on an older JDK it is skipped with its reason.
 *
 * <p>JDK 24+ no longer pins on {@code synchronized} (JEP 491), so there JFR catches the other causes of
 * pinning only; {@link NoMonitorHeldAtStoreCallsTest} proves on any JDK that no store call is made under a
 * monitor.
 */
class VirtualThreadsTest {
    private static final int CLIENTS = 40;

    private final CountingStore store = new CountingStore().beforeEachCall(new StoreCallProbe(Duration.ofMillis(20)));
    private final ExecutorService worker = Executors.newFixedThreadPool(2);
    private final Set<String> threadKinds = ConcurrentHashMap.newKeySet();
    private JettyHarness jetty;

    @AfterEach
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        if (jetty != null) {
            jetty.close();
        }
    }

    private static boolean isVirtual(Thread thread) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Test
    void concurrentRequestsOnVirtualThreadsAreServedWithoutPinning() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21,
                "needs a JDK 21+ (virtual threads); this one is " + Runtime.version());
        jetty = JettyHarness.builder()
                .virtualThreads()
                .filter(NoMonitorHeldAtStoreCallsTest.filter(store, ConcurrencyMode.MERGE))
                .servlet("/*", (req, res) -> {
                    threadKinds.add(isVirtual(Thread.currentThread()) ? "virtual" : "platform");
                    NoMonitorHeldAtStoreCallsTest.app(req, res, worker);
                })
                .start();
        // Loading a class holds the class loader's lock and pins on every JDK: load them before measuring.
        for (int i = 0; i < 2; i++) {
            session();
        }
        Path jfr = Files.createTempFile("sessions4j-pinning", ".jfr");
        List<RecordedEvent> pinned;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    results.add(clients.submit(this::session));
                }
                for (Future<String> result : results) {
                    assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo("ada");
                }
            } finally {
                clients.shutdownNow();
            }
            recording.stop();
            recording.dump(jfr);
            pinned = RecordingFile.readAllEvents(jfr);
        } finally {
            Files.deleteIfExists(jfr);
        }
        // Jetty runs blocking work on virtual threads, and may still run a request on the thread that read it.
        assertThat(threadKinds).contains("virtual");
        assertThat(pinned.stream().filter(VirtualThreadsTest::inSessions4j).map(RecordedEvent::toString))
                .as("virtual threads pinned in sessions4j code").isEmpty();
    }

    /** One user's requests over every commit path; returns who the session said was logged in. */
    private String session() {
        String cookie = jetty.sessionCookie(jetty.get("/login"));
        String user = jetty.get("/", cookie).body();
        jetty.get("/flush", cookie);
        jetty.get("/async", cookie);
        jetty.get("/logout", cookie);
        return user;
    }

    /** Pinned with sessions4j code on the stack, other than while a class is being loaded. */
    private static boolean inSessions4j(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return false;
        }
        List<String> types = event.getStackTrace().getFrames().stream()
                .map(RecordedFrame::getMethod)
                .map(m -> m.getType().getName())
                .toList();
        return types.stream().anyMatch(t -> t.startsWith("io.sessions4j."))
                && types.stream().noneMatch(t -> t.endsWith("ClassLoader"));
    }
}
