package io.sessions4j.benchmarks;

import io.sessions4j.CookieOptions;
import io.sessions4j.IdTransport;
import io.sessions4j.MemoryStore;
import io.sessions4j.SameSite;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessions4j.micrometer.SessionMetrics;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionObserver;
import io.sessions4j.spi.SessionManager;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's work for one request, through the adapter SPI exactly as the servlet filter drives it
 * ({@link SessionManager#open}, the handler, {@link RequestScope#commit()}), against a {@link MemoryStore}.
 * Everything outside the engine (HTTP parsing, the container) is left out; the wrk run in {@code bench/}
 * measures the whole server.
 *
 * <p>Run: {@code java -jar sessions4j-benchmarks/target/benchmarks.jar -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RequestPathBenchmark {
    private static final String SECRET = "benchmark secret: 32 bytes or more of key material";

    private MemoryStore store;
    private SessionManager sessions;
    private SessionManager throttledSessions;
    private MemoryStore boundedStore;
    private SessionManager freshSessions;
    /** The same store, the id in the {@code X-Session-Token} header instead of the cookie. */
    private SessionManager tokenSessions;
    private List<String> token;
    private BenchExchange exchange;
    /** The {@code Cookie} header of a stored session: {@code connect.sid=s%3A<id>.<signature>}. */
    private String cookie;
    private String throttledCookie;
    /** The same cookie with its last signature character changed. */
    private String tamperedCookie;
    /** A session holding Java objects: a record, a set, a list of records. */
    private String typedCookie;
    private int views;

    /** {@code none}: no observer; {@code micrometer}: a {@code SessionMetrics} over a simple registry. */
    @Param({"none", "micrometer"})
    public String observer;

    private SessionObserver sessionObserver;

    public record User(long id, String name, String email) {
    }

    public record Note(String text, Instant at) {
    }

    private static final TypeReference<List<Note>> NOTES = new TypeReference<>() { };

    @Setup
    public void setUp() {
        sessionObserver = observer.equals("micrometer") ? new SessionMetrics(new SimpleMeterRegistry()) : null;
        store = new MemoryStore();
        sessions = SessionManager.create(config(store, Duration.ZERO));
        // touchAfter: the stored expiry is refreshed at most once a minute, so unchanged reads write nothing.
        throttledSessions = SessionManager.create(config(store, Duration.ofMinutes(1)));
        // New sessions pile up; a bound keeps the heap flat (eviction is part of what a bounded store costs).
        boundedStore = MemoryStore.builder().maximumSize(10_000).build();
        freshSessions = SessionManager.create(config(boundedStore, Duration.ZERO));
        exchange = new BenchExchange("/");
        cookie = login(sessions);
        tokenSessions = SessionManager.create(config(store, Duration.ZERO, IdTransport.header()));
        token = List.of(tokenLogin(tokenSessions));
        throttledCookie = login(throttledSessions);
        typedCookie = typedLogin(sessions);
        char last = cookie.charAt(cookie.length() - 1);
        tamperedCookie = cookie.substring(0, cookie.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    @TearDown
    public void tearDown() {
        store.close();
        boundedStore.close();
    }

    private SessionConfig config(MemoryStore store, Duration touchAfter) {
        return config(store, touchAfter, IdTransport.cookie());
    }

    private SessionConfig config(MemoryStore store, Duration touchAfter, IdTransport idTransport) {
        SessionConfig.Builder builder = SessionConfig.builder().idTransport(idTransport);
        if (sessionObserver != null) {
            builder.observer(sessionObserver);
        }
        return builder
                .secrets(SECRET)
                .store(store)
                .touchAfter(touchAfter)
                .allowTypes("io.sessions4j.benchmarks.")
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).sameSite(SameSite.LAX).build())
                .build();
    }

    /** Creates a session like the demo's after login, and returns the cookie a browser would send back. */
    private String login(SessionManager manager) {
        try (RequestScope scope = manager.open(exchange.reset(null))) {
            Session s = scope.session();
            s.put("user", "alice");
            s.put("views", 1);
            s.put("roles", List.of("reader", "writer"));
            scope.commit();
        }
        List<String> setCookies = exchange.setCookies();
        if (setCookies.size() != 1) {
            throw new IllegalStateException("expected one Set-Cookie, got " + setCookies);
        }
        String header = setCookies.get(0);
        return header.substring(0, header.indexOf(';'));
    }

    /** As {@link #login}, for an API client: returns the token of the {@code X-Session-Token} header. */
    private String tokenLogin(SessionManager manager) {
        try (RequestScope scope = manager.open(exchange.reset(null))) {
            Session s = scope.session();
            s.put("user", "alice");
            s.put("views", 1);
            s.put("roles", List.of("reader", "writer"));
            scope.commit();
        }
        String header = exchange.responseHeader(IdTransport.DEFAULT_HEADER);
        if (header == null || header.isEmpty()) {
            throw new IllegalStateException("expected a session token");
        }
        return header;
    }

    /** A session of Java objects, as a Java application keeps: a user record, roles, notes. */
    private String typedLogin(SessionManager manager) {
        try (RequestScope scope = manager.open(exchange.reset(null))) {
            Session s = scope.session();
            s.put("user", new User(42, "Ada Lovelace", "ada@example.com"));
            s.put("roles", new HashSet<>(Set.of("reader", "writer")));
            List<Note> notes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                notes.add(new Note("note " + i, Instant.ofEpochSecond(1_800_000_000L + i)));
            }
            s.put("notes", notes);
            scope.commit();
        }
        String header = exchange.setCookies().get(0);
        return header.substring(0, header.indexOf(';'));
    }

    /**
     * (f) A session of Java objects, each read twice as its type (as a framework reads its attributes),
     * nothing changed: the cost of decoding values and of checking them for in-place changes at commit.
     */
    @Benchmark
    public int loadedTypedRead() {
        try (RequestScope scope = sessions.open(exchange.reset(typedCookie))) {
            Session s = scope.session();
            int n = 0;
            for (int i = 0; i < 2; i++) {
                n += s.get("user", User.class).orElseThrow().name().length();
                n += s.get("roles", Set.class).orElseThrow().size();
                n += s.get("notes", NOTES).orElseThrow().size();
            }
            scope.commit();
            return n;
        }
    }

    /** (a) Valid signed cookie, session loaded and read, nothing changed: unsign + load + touch commit. */
    @Benchmark
    public Object loadedUnchanged() {
        try (RequestScope scope = sessions.open(exchange.reset(cookie))) {
            Object user = scope.session().get("user").orElseThrow();
            scope.commit();
            return user;
        }
    }

    /** (a'') As (a) for an API client: the id in the {@code X-Session-Token} header, no cookie. */
    @Benchmark
    public Object loadedUnchangedByToken() {
        try (RequestScope scope = tokenSessions.open(exchange.resetWithToken(IdTransport.DEFAULT_HEADER, token))) {
            Object user = scope.session().get("user").orElseThrow();
            scope.commit();
            return user;
        }
    }

    /** (a') As (a) with {@code touchAfter(1 min)}: the store expiry is fresh, so the commit writes nothing. */
    @Benchmark
    public Object loadedUnchangedTouchThrottled() {
        try (RequestScope scope = throttledSessions.open(exchange.reset(throttledCookie))) {
            Object user = scope.session().get("user").orElseThrow();
            scope.commit();
            return user;
        }
    }

    /** (b) As (a), but one key changes: the save path (JSON, compare-and-set in the store, Set-Cookie). */
    @Benchmark
    public int loadedModified() {
        try (RequestScope scope = sessions.open(exchange.reset(cookie))) {
            scope.session().put("views", ++views);
            scope.commit();
            return exchange.responseHeaderCount();
        }
    }

    /** (c) No cookie and the handler never asks for the session: should cost next to nothing. */
    @Benchmark
    public boolean noCookieUntouched() {
        try (RequestScope scope = sessions.open(exchange.reset(null))) {
            scope.commit();
            return scope.isCommitted();
        }
    }

    /**
     * (d) A cookie whose signature does not verify: the cost of parsing the header and checking the HMAC,
     * with no store access (the session would be a new, unsaved one).
     */
    @Benchmark
    public boolean tamperedCookie() {
        try (RequestScope scope = sessions.open(exchange.reset(tamperedCookie))) {
            scope.commit();
            return scope.requestedSessionId().isPresent();
        }
    }

    /** (e) A first visit that stores something: new id, JSON, store insert, signed Set-Cookie. */
    @Benchmark
    public int newSessionSaved() {
        try (RequestScope scope = freshSessions.open(exchange.reset(null))) {
            scope.session().put("views", 1);
            scope.commit();
            return exchange.responseHeaderCount();
        }
    }
}
