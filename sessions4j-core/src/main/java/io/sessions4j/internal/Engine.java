package io.sessions4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.ConcurrencyMode;
import io.sessions4j.CookieOptions;
import io.sessions4j.IdTransport;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionException;
import io.sessions4j.SessionListener;
import io.sessions4j.TrustProxy;
import io.sessions4j.UserSessions;
import io.sessions4j.spi.HttpExchange;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionObserver;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request engine: reads and verifies the cookie, loads the session, and builds the per-request
 * {@link RequestScopeImpl} that commits it. One per configuration, shared by all requests.
 */
public final class Engine implements SessionManager {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** At most this many cookies of our name are looked at: enough for path/domain duplicates. */
    private static final int MAX_CANDIDATES = 8;
    /** At most this many validly signed candidates cost a store read. */
    private static final int MAX_LOADS = 3;
    private static final int MAX_ID_LENGTH = 512;
    /** Base64 of an HMAC-SHA256 without padding. */
    private static final int SIGNATURE_LENGTH = 43;

    private final SessionConfig config;
    private final CookieSigner signer;
    private final ValueCodec values;
    private final SessionJson json;
    private final ParsedRecords parsedRecords = new ParsedRecords(ParsedRecords.DEFAULT_SIZE);
    /** A configured mapper may read trees back otherwise than it writes them (see {@link WrittenRecords}). */
    private final boolean keepWritten;
    private final SessionWriter writer;
    /** Hashed ids of records over the limits, warned about once: they are left in the store, not destroyed. */
    private final WarnOnce oversized = new WarnOnce();
    private final SessionLocks locks;
    private final LifecycleEvents events = new LifecycleEvents(this);
    private final SessionObserver observer;
    private final StoreTiming storeTiming;
    /** The token header of {@link IdTransport}; null when the id travels in the cookie only. */
    private final TokenHeader tokenHeader;
    private volatile UserSessions userSessions;

    public Engine(SessionConfig config) {
        this.config = config;
        this.observer = Observers.of(config.observers());
        this.storeTiming = new StoreTiming(config.store().name(), observer);
        this.signer = new CookieSigner(config.secrets());
        this.tokenHeader = config.idTransport().headerName().map(TokenHeader::new).orElse(null);
        this.values = ValueCodec.create(config);
        this.json = new SessionJson(values.mapper(), values.limits());
        this.keepWritten = config.objectMapper().isEmpty() && config.jacksonModules().isEmpty();
        this.writer = new SessionWriter(this, config.store());
        this.locks = new SessionLocks(config.store().locks(), config.store().name(), storeTiming, observer);
        config.listeners().forEach(events::add);
    }

    @Override
    public SessionConfig config() {
        return config;
    }

    @Override
    public RequestScope open(HttpExchange exchange) {
        CookieOptions options = config.cookie().apply(exchange);
        if (options == null) {
            throw new IllegalStateException("the cookie function of the session configuration returned null");
        }
        if (!PathMatch.matches(exchange.path(), options.path())) {
            return RequestScopeImpl.unavailable(this, exchange);
        }
        boolean secure = isSecure(exchange);
        if (tokenHeader == null) {
            return resolve(exchange, options, secure,
                    CookieHeaderParser.values(exchange.headers("Cookie"), config.name(), MAX_CANDIDATES), false);
        }
        // The first transport present in the request names the session; the others are not read.
        for (IdTransport.Channel channel : config.idTransport().order()) {
            if (channel == IdTransport.Channel.COOKIE) {
                List<String> cookies = CookieHeaderParser.values(exchange.headers("Cookie"), config.name(),
                        MAX_CANDIDATES);
                if (!cookies.isEmpty()) {
                    return resolve(exchange, options, secure, cookies, false);
                }
            } else {
                List<String> tokens = tokenHeader.candidates(exchange, observer);
                if (tokens != null) {
                    return resolve(exchange, options, secure, tokens, true);
                }
            }
        }
        return RequestScopeImpl.fresh(this, exchange, options, secure, null, false);
    }

    /**
     * Loads the session of the first signed value that names one, or starts a fresh session.
     *
     * @param values signed values from one transport, in order
     * @param byHeader whether they came in the token header rather than the cookie
     */
    private RequestScopeImpl resolve(HttpExchange exchange, CookieOptions options, boolean secure,
            List<String> values, boolean byHeader) {
        String firstValid = null;
        // The ids already tried: at most MAX_LOADS, so a list compared by hand, and none for the usual one cookie.
        String[] tried = null;
        int triedCount = 0;
        for (String value : values) {
            int secret = value.startsWith("s:") ? signer.secretIndex(value.substring(2)) : -1;
            String id = secret < 0 ? null : value.substring(2, value.lastIndexOf('.'));
            if (id == null || id.isEmpty()) {
                observer.rejected(rejection(value));
                continue;
            }
            if (firstValid == null) {
                firstValid = id;
            } else {
                if (tried == null) {
                    tried = new String[MAX_LOADS];
                    tried[0] = firstValid;
                    triedCount = 1;
                }
                if (contains(tried, triedCount, id)) {
                    continue;
                }
                tried[triedCount++] = id;
            }
            // A cookie signed with the current secret can be sent back as it came, without signing again.
            String reusable = secret == 0 ? value : null;
            RequestScopeImpl scope = tryLoad(exchange, options, secure, id, reusable, byHeader);
            if (scope != null) {
                return scope;
            }
            if (Math.max(1, triedCount) >= MAX_LOADS) {
                break;
            }
        }
        return RequestScopeImpl.fresh(this, exchange, options, secure, firstValid, byHeader);
    }

    private static boolean contains(String[] ids, int count, String id) {
        for (int i = 0; i < count; i++) {
            if (ids[i].equals(id)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public SessionObserver observer() {
        return observer;
    }

    /** Why a value that gave no id was refused: for the observer, so only its length and form are looked at. */
    static SessionObserver.Rejection rejection(String value) {
        if (!value.startsWith("s:")) {
            return SessionObserver.Rejection.UNSIGNED;
        }
        int dot = value.lastIndexOf('.');
        // An id signed with HMAC-SHA256 ends in '.' and 43 base64 characters: anything else is not a signature.
        return dot <= 2 || value.length() - dot - 1 != SIGNATURE_LENGTH ? SessionObserver.Rejection.MALFORMED
                : SessionObserver.Rejection.TAMPERED;
    }

    @Override
    public UserSessions userSessions() {
        UserSessions u = userSessions;
        if (u == null) {
            u = new UserSessionsImpl(this, config.store().principals().orElseThrow(() ->
                    new UnsupportedOperationException(config.store().name()
                            + " keeps no index of sessions by principal")));
            userSessions = u;
        }
        return u;
    }

    @Override
    public void addListener(SessionListener listener) {
        events.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(SessionListener listener) {
        events.remove(listener);
    }

    private RequestScopeImpl tryLoad(HttpExchange exchange, CookieOptions options, boolean secure, String id,
            String signedCookie, boolean byHeader) {
        SessionLocks.Held lock = config.concurrency() == ConcurrencyMode.LOCK
                ? locks.acquire(id, config.lockLease(), config.lockTimeout())
                : null;
        boolean keepLock = false;
        try {
            Instant now = now();
            Optional<StoredSession> stored = writer.getAndTouch(id, touchRequest(now));
            if (stored.isEmpty() || stored.get().isExpiredAt(now)) {
                observer.loaded(SessionObserver.LoadResult.MISS);
                return null;
            }
            SessionJson.Parsed parsed = parse(id, stored.get());
            if (parsed == null) {
                observer.loaded(SessionObserver.LoadResult.UNREADABLE);
                return null;
            }
            if (parsed.created() != null && config.maxLifetime().isPresent()
                    && !parsed.created().plus(config.maxLifetime().get()).isAfter(now)) {
                LOG.debug("session {} passed its maximum lifetime; starting a new one", LogIds.lazy(id));
                writer.destroyQuietly(id);
                events.expired(id, stored);
                observer.loaded(SessionObserver.LoadResult.MISS);
                return null;
            }
            keepLock = true;
            observer.loaded(SessionObserver.LoadResult.HIT);
            return RequestScopeImpl.loaded(this, exchange, options, secure, id, stored.get(), parsed, lock, now,
                    signedCookie, byHeader);
        } finally {
            if (lock != null && !keepLock) {
                lock.release();
            }
        }
    }

    // ---- services for the request scope ----

    Instant now() {
        return config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    ValueCodec values() {
        return values;
    }

    SessionJson json() {
        return json;
    }

    SessionWriter writer() {
        return writer;
    }

    SessionLocks locks() {
        return locks;
    }

    LifecycleEvents events() {
        return events;
    }

    StoreTiming storeTiming() {
        return storeTiming;
    }

    /**
     * When the session was last used, as far as the store's expiry tells: that expiry minus the idle timeout,
     * never before {@code created} nor after now; {@code created} when the session is not stored.
     */
    Instant lastAccessed(CookieState cookie, Instant created, Instant storedExpiry) {
        if (storedExpiry == null) {
            return created;
        }
        Long oma = cookie.originalMaxAgeMillis();
        Duration idle = oma != null ? Duration.ofMillis(oma) : config.browserSessionTtl();
        Instant estimate = storedExpiry.minus(idle);
        if (estimate.isBefore(created)) {
            return created;
        }
        Instant now = now();
        return estimate.isAfter(now) ? now : estimate;
    }

    TouchRequest touchRequest(Instant now) {
        return new TouchRequest(now, config.touchAfter(), config.browserSessionTtl());
    }

    /**
     * Parses stored JSON; unreadable data is logged (id hashed), removed, and reported as {@code null}. A record
     * that is only over this configuration's limits is left in the store (another application may have written
     * it on purpose) and logged once.
     */
    SessionJson.Parsed parse(String id, StoredSession stored) {
        SessionJson.Parsed known = parsedRecords.get(id, stored.json());
        if (known != null) {
            return known;
        }
        try {
            return parsedRecords.put(id, stored.json(), json.parse(stored.json(), config.clock()));
        } catch (SessionJson.CorruptSessionException e) {
            if (e.overLimits()) {
                String hash = LogIds.hash(id);
                if (oversized.first(hash)) {
                    LOG.warn("session {} in {} is {}; treating it as missing, and leaving it in the store", hash,
                            config.store().name(), e.getMessage());
                }
                return null;
            }
            LOG.warn("session {} in {} holds unreadable data ({}); treating it as missing", LogIds.hash(id),
                    config.store().name(), e.getMessage());
            writer.destroyQuietly(id);
            return null;
        }
    }

    /**
     * The stored JSON of session {@code id}, as {@link SessionJson#write}; when its parts are exactly what parsing
     * it gives back, they are kept as its parsed form, so that the next load of this text is not parsed.
     */
    String writeRecord(String id, CookieState cookie, Instant created, java.util.Map<String, JsonNode> data,
            java.util.Map<String, String> types, String principal) {
        String text = json.write(cookie, created, data, types, principal);
        SessionJson.Parsed parsed = keepWritten ? WrittenRecords.asParsed(cookie, created, data, types, principal) : null;
        if (parsed != null) {
            parsedRecords.keep(id, text, parsed);
        }
        return text;
    }

    /** The parsed forms kept, for tests. */
    ParsedRecords parsedRecords() {
        return parsedRecords;
    }

    /** The record of {@code id} is being destroyed: its parsed form is not kept. */
    void forgetParsed(String id) {
        parsedRecords.forget(id);
    }

    /** The creation time to write into the stored JSON, or null when the configuration keeps express's exact format. */
    Instant storedCreated(Instant created) {
        return config.storeCreationTime() ? created : null;
    }

    /** When the session must end whatever its activity, if an absolute timeout is configured. */
    Optional<Instant> deadline(SessionImpl s) {
        return config.maxLifetime().map(s.created::plus);
    }

    /** The store expiry for a record with this cookie: its expiry, or the browser-session TTL; never past the deadline. */
    Instant storeExpiry(CookieState cookie, Instant created, Instant now) {
        Instant expiry = cookie.expiresOrNull() != null ? cookie.expiresOrNull()
                : now.plus(config.browserSessionTtl());
        if (config.maxLifetime().isPresent()) {
            Instant deadline = created.plus(config.maxLifetime().get());
            if (expiry.isAfter(deadline)) {
                expiry = deadline;
            }
        }
        return expiry;
    }

    /** Where a touch at {@code at} would put the record's expiry (the rule of {@link TouchRequest}). */
    Instant touchTarget(SessionImpl s, Instant at) {
        Long oma = s.cookie.originalMaxAgeMillis();
        Instant wanted = oma != null ? CookieRules.expiryAfter(at, oma) : at.plus(config.browserSessionTtl());
        Optional<Instant> deadline = deadline(s);
        return deadline.isPresent() && wanted.isAfter(deadline.get()) ? deadline.get() : wanted;
    }

    /**
     * @param signedCookie the request's own {@code s:id.signature} for this id, signed with the current secret,
     *     or null to sign anew
     */
    String setCookieHeader(SessionImpl s, String signedCookie, boolean maxAgeAttribute, Instant now) {
        String value = signedCookie != null ? signedCookie : "s:" + signer.sign(s.id);
        return SetCookieHeader.format(config.name(), value, s.cookie, maxAgeAttribute, now);
    }

    /** The token header, or null when the id travels in the cookie only. */
    TokenHeader tokenHeader() {
        return tokenHeader;
    }

    /** A session's token: its cookie value, {@code s:id.signature} signed with the current secret and encoded. */
    String token(String id) {
        return UriComponent.encode("s:" + signer.sign(id));
    }

    String newId(HttpExchange exchange) {
        String id = config.genid().apply(exchange);
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new SessionException("genid returned an invalid session id (null, empty or over "
                    + MAX_ID_LENGTH + " characters)");
        }
        try {
            UriComponent.encode(id);
        } catch (IllegalArgumentException e) {
            throw new SessionException("genid returned a session id that cannot be encoded in a cookie", e);
        }
        return id;
    }

    private boolean isSecure(HttpExchange exchange) {
        if (exchange.isTlsConnection()) {
            return true;
        }
        TrustProxy proxy = config.proxy();
        if (proxy == TrustProxy.NONE) {
            return false;
        }
        if (proxy == TrustProxy.CONTAINER) {
            return exchange.isSecure();
        }
        Optional<String> header = exchange.header("X-Forwarded-Proto");
        if (header.isEmpty()) {
            return false;
        }
        String value = header.get();
        int comma = value.indexOf(',');
        String first = (comma < 0 ? value : value.substring(0, comma)).trim().toLowerCase(Locale.ROOT);
        return first.equals("https");
    }
}
