package io.sessions4j.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sessions4j.MemoryStore;
import io.sessions4j.spi.SessionObserver;
import io.sessions4j.spi.SessionStore;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The sessions4j engine's meters in a Micrometer {@link MeterRegistry}; the README of this module lists them.
 * Register it as the configuration's observer:
 *
 * <pre>{@code
 * SessionMetrics metrics = new SessionMetrics(registry);
 * SessionConfig config = SessionConfig.builder()
 *         .secrets(System.getenv("SESSION_SECRET"))
 *         .store(store)
 *         .observer(metrics)
 *         .build();
 * metrics.monitorActiveSessions(store);
 * }</pre>
 *
 * <p>Meters are made once, up front or on the first call of a store and operation, so a request records without
 * building tags. Thread-safe.
 */
public final class SessionMetrics implements SessionObserver {
    private final MeterRegistry registry;
    private final Tags tags;
    /** store name, then operation, then {success, failure}. */
    private final Map<String, Map<String, Timer[]>> storeTimers = new ConcurrentHashMap<>();
    private final Map<LoadResult, Counter> loads = new EnumMap<>(LoadResult.class);
    private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);
    private final Map<FailureCause, Map<FailureResponse, Counter>> failures = new EnumMap<>(FailureCause.class);
    private final Counter created;
    private final Counter saves;
    private final Counter touchesDone;
    private final Counter touchesSkipped;
    private final Counter conflicts;
    private final Counter retries;
    private final Timer lockWait;
    private final Counter lockTimeouts;
    private final DistributionSummary size;

    /**
     * Meters with no tags of their own.
     *
     * @param registry where the meters go
     */
    public SessionMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * Meters carrying {@code tags} besides their own, e.g. the application's name when several share a registry.
     *
     * @param registry where the meters go
     * @param tags added to every meter
     */
    public SessionMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = registry;
        this.tags = Tags.of(tags);
        for (LoadResult r : LoadResult.values()) {
            loads.put(r, counter("sessions4j.loads", "Store reads for a validly signed session id", "result", r));
        }
        for (Rejection r : Rejection.values()) {
            rejections.put(r, counter("sessions4j.cookies.rejected",
                    "Session ids refused before any store access", "reason", r));
        }
        for (FailureCause c : FailureCause.values()) {
            Map<FailureResponse, Counter> byResponse = new EnumMap<>(FailureResponse.class);
            for (FailureResponse r : FailureResponse.values()) {
                byResponse.put(r, Counter.builder("sessions4j.store.failures")
                        .description("Requests whose session work failed, by cause and how they were answered")
                        .tags(this.tags).tag("cause", lower(c)).tag("response", lower(r)).register(registry));
            }
            failures.put(c, byResponse);
        }
        created = counter("sessions4j.sessions.created", "New sessions stored for the first time");
        saves = counter("sessions4j.saves", "Sessions written to the store");
        touchesDone = counter("sessions4j.touches", "Expiry refreshes of unchanged sessions", "result", "done");
        touchesSkipped = counter("sessions4j.touches", "Expiry refreshes of unchanged sessions", "result",
                "skipped");
        conflicts = counter("sessions4j.merge.conflicts", "Saves that met another request's save");
        retries = counter("sessions4j.merge.retries", "Writes made again after a merge");
        lockWait = Timer.builder("sessions4j.lock.wait").description("Waits for a session's lock")
                .tags(this.tags).register(registry);
        lockTimeouts = counter("sessions4j.lock.timeouts", "Session locks not obtained in time");
        size = DistributionSummary.builder("sessions4j.session.size").baseUnit("bytes")
                .description("Size of the session JSON written to the store").tags(this.tags).register(registry);
    }

    /**
     * Adds the gauge {@code sessions4j.sessions.active} for a store that counts its sessions cheaply: the
     * {@link MemoryStore}. Other stores count by scanning (Redis) or a query per scrape (SQL), so they get no
     * gauge.
     *
     * @param store the configuration's store
     * @return whether a gauge was registered
     */
    public boolean monitorActiveSessions(SessionStore store) {
        if (!(store instanceof MemoryStore memory)) {
            return false;
        }
        Gauge.builder("sessions4j.sessions.active", memory, MemoryStore::length)
                .description("Live sessions in the store").tags(tags).tag("store", store.name()).register(registry);
        return true;
    }

    @Override
    public void storeOperation(String store, String operation, boolean success, long nanos) {
        Timer[] timers = storeTimers.computeIfAbsent(store, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(operation, op -> new Timer[] {storeTimer(store, op, "success"),
                        storeTimer(store, op, "failure")});
        timers[success ? 0 : 1].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void loaded(LoadResult result) {
        loads.get(result).increment();
    }

    @Override
    public void sessionCreated() {
        created.increment();
    }

    @Override
    public void saved(int bytes) {
        saves.increment();
        size.record(bytes);
    }

    @Override
    public void touched() {
        touchesDone.increment();
    }

    @Override
    public void touchSkipped() {
        touchesSkipped.increment();
    }

    @Override
    public void mergeConflict() {
        conflicts.increment();
    }

    @Override
    public void mergeRetry() {
        retries.increment();
    }

    @Override
    public void lockWaited(long nanos) {
        lockWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void lockTimedOut() {
        lockTimeouts.increment();
    }

    @Override
    public void failed(FailureCause cause, FailureResponse response) {
        failures.get(cause).get(response).increment();
    }

    @Override
    public void rejected(Rejection reason) {
        rejections.get(reason).increment();
    }

    private Timer storeTimer(String store, String operation, String outcome) {
        return Timer.builder("sessions4j.store.operations").description("Calls to the session store")
                .tags(tags).tag("store", store).tag("operation", operation).tag("outcome", outcome)
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private Counter counter(String name, String description, String tag, Object value) {
        String v = value instanceof Enum<?> e ? lower(e) : value.toString();
        return Counter.builder(name).description(description).tags(tags).tag(tag, v).register(registry);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
