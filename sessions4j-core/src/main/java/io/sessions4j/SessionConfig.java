package io.sessions4j;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.internal.CookieRules;
import io.sessions4j.internal.TypeAllowlist;
import io.sessions4j.spi.SessionObserver;
import io.sessions4j.spi.SessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a session filter needs to know, immutable and checked when built: every option of
 * express-session, plus {@link #touchAfter()}, {@link #maxLifetime()}, the store-failure policy, the
 * concurrency mode and an injectable {@link Clock}.
 *
 * <pre>{@code
 * SessionConfig config = SessionConfig.builder()
 *         .secrets("a long random secret, at least 32 bytes", "the previous one, still accepted")
 *         .cookie(c -> c.maxAge(Duration.ofHours(8)).sameSite(SameSite.LAX).secure(Secure.AUTO))
 *         .proxy(TrustProxy.HEADER)
 *         .touchAfter(Duration.ofMinutes(1))
 *         .maxLifetime(Duration.ofDays(1))
 *         .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} throws {@link IllegalArgumentException} naming the option for any invalid value; a
 * configuration that builds never fails a request because of its own values.
 */
public final class SessionConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SessionConfig.class);
    private static final int RECOMMENDED_SECRET_BYTES = 32;
    /** The fix, in every message about a missing secret: the first thing a new user meets. */
    private static final String HOW_TO_SET_A_SECRET = "set one with SessionConfig.builder().secrets(...), e.g. "
            + ".secrets(System.getenv(\"SESSION_SECRET\")) with SESSION_SECRET=$(openssl rand -base64 32)";

    private final String name;
    private final List<byte[]> secrets;
    private final SessionStore store;
    private final Function<RequestInfo, String> genid;
    private final TrustProxy proxy;
    private final boolean resave;
    private final boolean saveUninitialized;
    private final boolean rolling;
    private final Unset unset;
    private final Function<RequestInfo, CookieOptions> cookie;
    private final CookieOptions fixedCookie;
    private final Duration touchAfter;
    private final Duration maxLifetime;
    private final Duration browserSessionTtl;
    private final StoreFailurePolicy storeFailurePolicy;
    private final ConcurrencyMode concurrency;
    private final Duration lockTimeout;
    private final Duration lockLease;
    private final int mergeAttempts;
    private final Clock clock;
    private final ObjectMapper objectMapper;
    private final List<Module> jacksonModules;
    private final List<String> allowedTypes;
    private final SessionLimits limits;
    private final boolean storeCreationTime;
    private final List<SessionListener> listeners;
    private final List<SessionObserver> observers;
    private final PrincipalLimit principalLimit;
    private final IdTransport idTransport;

    private SessionConfig(Builder b) {
        this.idTransport = b.idTransport;
        this.principalLimit = b.principalLimit;
        this.name = b.name;
        this.secrets = List.copyOf(b.secrets);
        // Defaults are made here, not stored back in the builder: each build gets its own memory store.
        this.store = b.store != null ? b.store : MemoryStore.builder().clock(b.clock).build();
        this.genid = b.genid != null ? b.genid : DefaultIds.GENERATOR;
        this.proxy = b.proxy;
        this.resave = b.resave;
        this.saveUninitialized = b.saveUninitialized;
        this.rolling = b.rolling;
        this.unset = b.unset;
        this.fixedCookie = b.fixedCookie;
        this.cookie = b.cookieFunction != null ? b.cookieFunction : request -> b.fixedCookie;
        this.touchAfter = b.touchAfter;
        this.maxLifetime = b.maxLifetime;
        this.browserSessionTtl = b.browserSessionTtl;
        this.storeFailurePolicy = b.storeFailurePolicy;
        this.concurrency = b.concurrency;
        this.lockTimeout = b.lockTimeout;
        this.lockLease = b.lockLease;
        this.mergeAttempts = b.mergeAttempts;
        this.clock = b.clock;
        this.objectMapper = b.objectMapper;
        this.jacksonModules = List.copyOf(b.jacksonModules);
        this.allowedTypes = List.copyOf(b.allowedTypes);
        this.limits = b.limits;
        this.storeCreationTime = b.storeCreationTime;
        this.listeners = List.copyOf(b.listeners);
        this.observers = List.copyOf(b.observers);
    }

    /**
     * {@return a builder with express-session's defaults} Except {@code resave=false} and
     * {@code saveUninitialized=false}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return how the session id travels: the signed cookie, a token header, or both in order} Default
     * {@link IdTransport#cookie()}.
     */
    public IdTransport idTransport() {
        return idTransport;
    }

    /** {@return the cookie name; default {@code connect.sid}} */
    public String name() {
        return name;
    }

    /** {@return copies of the secrets as key bytes: the first signs, all of them verify (in order)} */
    public List<byte[]> secrets() {
        List<byte[]> copy = new ArrayList<>(secrets.size());
        for (byte[] s : secrets) {
            copy.add(s.clone());
        }
        return copy;
    }

    /** {@return the store; a fresh {@link MemoryStore} unless one was given} */
    public SessionStore store() {
        return store;
    }

    /** {@return the id generator; by default 24 random bytes as 32 base64url characters (uid-safe)} */
    public Function<RequestInfo, String> genid() {
        return genid;
    }

    /** {@return which requests count as secure; default {@link TrustProxy#CONTAINER}} */
    public TrustProxy proxy() {
        return proxy;
    }

    /**
     * {@return whether a loaded session is saved at the end of every request even when unchanged} Default
     * {@code false}.
     */
    public boolean resave() {
        return resave;
    }

    /**
     * {@return whether a new session is saved (and its cookie sent) even when nothing was put in it} Default
     * {@code false}.
     */
    public boolean saveUninitialized() {
        return saveUninitialized;
    }

    /**
     * {@return whether the cookie is sent on every response of an existing session, restarting its expiry} Default
     * {@code false}.
     */
    public boolean rolling() {
        return rolling;
    }

    /** {@return what {@code SessionFilter.unset(request)} does to the stored session; default {@link Unset#KEEP}} */
    public Unset unset() {
        return unset;
    }

    /** {@return the cookie options for new sessions, per request (a fixed value unless a function was given)} */
    public Function<RequestInfo, CookieOptions> cookie() {
        return cookie;
    }

    /** {@return the fixed cookie options, when no function was given} */
    public Optional<CookieOptions> fixedCookie() {
        return Optional.ofNullable(fixedCookie);
    }

    /**
     * {@return the smallest move of the stored expiry worth a touch} Store touches are skipped while they
     * would move it by less. Default {@link Duration#ZERO}: every request of an unchanged session touches, as
     * in express-session.
     */
    public Duration touchAfter() {
        return touchAfter;
    }

    /** {@return the absolute timeout: a session older than this is refused however active it is} */
    public Optional<Duration> maxLifetime() {
        return Optional.ofNullable(maxLifetime);
    }

    /**
     * {@return how long the store keeps a session whose cookie is a browser-session cookie (no
     * {@code maxAge}) after its last use} Default one day, connect-redis's and connect-pg-simple's default.
     */
    public Duration browserSessionTtl() {
        return browserSessionTtl;
    }

    /** {@return what a request does when the store fails; default {@link StoreFailurePolicy#SERVICE_UNAVAILABLE}} */
    public StoreFailurePolicy storeFailurePolicy() {
        return storeFailurePolicy;
    }

    /** {@return how concurrent requests of one session are reconciled; default {@link ConcurrencyMode#MERGE}} */
    public ConcurrencyMode concurrency() {
        return concurrency;
    }

    /**
     * {@return how long a request waits for its session's lock} In {@link ConcurrencyMode#LOCK} before it loads the
     * session, in {@link ConcurrencyMode#MERGE} for a save that keeps conflicting (see {@link #mergeAttempts()}).
     * Past it the request fails with {@link SessionLockTimeoutException} or {@link SessionConflictException}
     * (503 from the servlet filter). Default 10 seconds.
     */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /**
     * {@return how long a store lock lasts if its request never releases it (the instance died)} In
     * {@link ConcurrencyMode#LOCK}, with a store that locks across instances
     * ({@link io.sessions4j.spi.SessionStore#locks()}). A request running longer than this loses exclusivity
     * (logged when it releases); its save still merges. Default 30 seconds.
     */
    public Duration lockLease() {
        return lockLease;
    }

    /**
     * {@return how many compare-and-set attempts a save makes on its own} In {@link ConcurrencyMode#MERGE},
     * before it takes its session's lock (this JVM's, and the store's when it has locks) and retries under it until it
     * succeeds or {@link #lockTimeout()} passes. Default 2: the write, and one merged retry.
     */
    public int mergeAttempts() {
        return mergeAttempts;
    }

    /** {@return the clock that decides expiry and timeouts; default the system UTC clock} */
    public Clock clock() {
        return clock;
    }

    /**
     * {@return the Jackson mapper that converts session values, if one was given; otherwise a private default is
     * used} The engine works on its own copy of it, with {@link #jacksonModules()}, {@link #allowedTypes()} and
     * {@link #limits()} applied; the given mapper itself is never changed.
     */
    public Optional<ObjectMapper> objectMapper() {
        return Optional.ofNullable(objectMapper);
    }

    /** {@return the Jackson modules registered on the engine's mapper, after those the {@link #objectMapper()} has} */
    public List<Module> jacksonModules() {
        return jacksonModules;
    }

    /**
     * {@return the application's additions to the allowlist of classes that a name in stored data may resolve
     * to} A name ending in {@code .} admits that package and its sub-packages, any other exactly one class. JDK
     * value types and collections are always admitted. See {@link Builder#allowTypes(String...)}.
     */
    public List<String> allowedTypes() {
        return allowedTypes;
    }

    /** {@return the size limits of stored sessions, applied when writing and when reading} */
    public SessionLimits limits() {
        return limits;
    }

    /**
     * {@return whether the stored JSON carries the session's creation time and the values' types} They are kept
     * under the key {@code __sessions4j} (needed by {@link #maxLifetime()}, {@code HttpSession.getCreationTime()}
     * and typed values; express-session keeps the key as ordinary data). Default {@code true}; {@code false}
     * writes exactly express-session's JSON: values then come back in later requests as their plain JSON forms
     * (or as the type asked with {@link Session#get(String, Class)}).
     */
    public boolean storeCreationTime() {
        return storeCreationTime;
    }

    /** {@return how many live sessions one principal may have, and what happens beyond, if limited} */
    public Optional<PrincipalLimit> principalLimit() {
        return Optional.ofNullable(principalLimit);
    }

    /** {@return the lifecycle listeners, in the order they were added} */
    public List<SessionListener> listeners() {
        return listeners;
    }

    /** {@return the observers told what the engine does (for metrics), in the order they were added} */
    public List<SessionObserver> observers() {
        return observers;
    }

    /** Mutable builder of {@link SessionConfig}; {@link #build()} checks every option. */
    public static final class Builder {
        private String name = "connect.sid";
        private final List<byte[]> secrets = new ArrayList<>();
        private SessionStore store;
        private Function<RequestInfo, String> genid;
        private TrustProxy proxy = TrustProxy.CONTAINER;
        private boolean resave;
        private boolean saveUninitialized;
        private boolean rolling;
        private Unset unset = Unset.KEEP;
        private CookieOptions fixedCookie = CookieOptions.defaults();
        private Function<RequestInfo, CookieOptions> cookieFunction;
        private Duration touchAfter = Duration.ZERO;
        private Duration maxLifetime;
        private Duration browserSessionTtl = Duration.ofDays(1);
        private StoreFailurePolicy storeFailurePolicy = StoreFailurePolicy.SERVICE_UNAVAILABLE;
        private ConcurrencyMode concurrency = ConcurrencyMode.MERGE;
        private Duration lockTimeout = Duration.ofSeconds(10);
        private Duration lockLease = Duration.ofSeconds(30);
        private int mergeAttempts = 2;
        private Clock clock = Clock.systemUTC();
        private ObjectMapper objectMapper;
        private final List<Module> jacksonModules = new ArrayList<>();
        private final List<String> allowedTypes = new ArrayList<>();
        private SessionLimits limits = SessionLimits.defaults();
        private boolean storeCreationTime = true;
        private final List<SessionListener> listeners = new ArrayList<>();
        private final List<SessionObserver> observers = new ArrayList<>();
        private PrincipalLimit principalLimit;
        private IdTransport idTransport = IdTransport.cookie();

        private Builder() {
        }

        /**
         * How the session id travels: the signed cookie (the default), a signed token in a header for mobile and
         * API clients ({@link IdTransport#header()}), or both in order. See {@link IdTransport} for when the
         * header is sent.
         *
         * @param idTransport default {@link IdTransport#cookie()}
         * @return this builder
         */
        public Builder idTransport(IdTransport idTransport) {
            this.idTransport = Objects.requireNonNull(idTransport, "idTransport");
            return this;
        }

        /**
         * Limits the live sessions of one principal ({@link Session#principal(String)}), atomically across every
         * instance sharing the store. Needs a store with a {@link SessionStore#principals() principal index}.
         *
         * @param limit the limit and its policy; {@code null} for none (the default)
         * @return this builder
         */
        public Builder principalLimit(PrincipalLimit limit) {
            this.principalLimit = limit;
            return this;
        }

        /**
         * The cookie name. Default {@code connect.sid}, express-session's.
         *
         * @param name an RFC 7230 token
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The signing secrets, as UTF-8 strings: the first signs new cookies, every one of them is tried
         * (in order) when verifying, so a secret can be rotated without logging anyone out. Replaces earlier
         * secrets.
         *
         * @param first the secret that signs, e.g. {@code System.getenv("SESSION_SECRET")}; at least 32 bytes
         *     of randomness
         * @param older earlier secrets, still accepted when verifying
         * @return this builder
         * @throws IllegalArgumentException if a secret is {@code null}, naming the setting
         */
        public Builder secrets(String first, String... older) {
            List<byte[]> keys = new ArrayList<>();
            if (first == null) {
                throw new IllegalArgumentException("secrets: the secret is null (is the environment variable it "
                        + "comes from unset?); " + HOW_TO_SET_A_SECRET);
            }
            keys.add(first.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < older.length; i++) {
                if (older[i] == null) {
                    throw new IllegalArgumentException("secrets: older secret #" + (i + 2) + " is null");
                }
                keys.add(older[i].getBytes(StandardCharsets.UTF_8));
            }
            return secretKeys(keys);
        }

        /**
         * The signing secrets as raw key bytes (first signs, all verify). Replaces earlier secrets.
         *
         * @param keys the keys, the signing one first
         * @return this builder
         * @throws IllegalArgumentException if a key is {@code null}
         */
        public Builder secretKeys(List<byte[]> keys) {
            Objects.requireNonNull(keys, "secrets");
            secrets.clear();
            for (byte[] k : keys) {
                if (k == null) {
                    throw new IllegalArgumentException("secrets: a key is null; " + HOW_TO_SET_A_SECRET);
                }
                secrets.add(k.clone());
            }
            return this;
        }

        /**
         * Where sessions live. Default: a new {@link MemoryStore} per configuration. A {@code SessionFilter}
         * built from this configuration closes the store when the container destroys the filter.
         *
         * @param store the store, e.g. {@code SessionStores.open("redis://127.0.0.1:6379")}
         * @return this builder
         */
        public Builder store(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Generates the id of each new session. Default: 24 random bytes as 32 base64url characters.
         *
         * @param genid returns a non-empty string of printable characters, given the request
         * @return this builder
         */
        public Builder genid(Function<RequestInfo, String> genid) {
            this.genid = Objects.requireNonNull(genid, "genid");
            return this;
        }

        /**
         * Which requests count as secure, for {@code Secure.AUTO} and {@code SameSite.AUTO} cookies.
         *
         * @param proxy default {@link TrustProxy#CONTAINER}
         * @return this builder
         */
        public Builder proxy(TrustProxy proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /**
         * Save a loaded session at the end of every request even when unchanged.
         *
         * @param resave default {@code false}
         * @return this builder
         */
        public Builder resave(boolean resave) {
            this.resave = resave;
            return this;
        }

        /**
         * Save (and send the cookie of) a new session even when nothing was put in it.
         *
         * @param saveUninitialized default {@code false}
         * @return this builder
         */
        public Builder saveUninitialized(boolean saveUninitialized) {
            this.saveUninitialized = saveUninitialized;
            return this;
        }

        /**
         * Send the cookie on every response of an existing session, restarting its expiry.
         *
         * @param rolling default {@code false}
         * @return this builder
         */
        public Builder rolling(boolean rolling) {
            this.rolling = rolling;
            return this;
        }

        /**
         * What {@code SessionFilter.unset(request)} does to the stored session.
         *
         * @param unset default {@link Unset#KEEP}
         * @return this builder
         */
        public Builder unset(Unset unset) {
            this.unset = Objects.requireNonNull(unset, "unset");
            return this;
        }

        /**
         * Fixed cookie options for new sessions.
         *
         * @param cookie the options; default {@link CookieOptions#defaults()}
         * @return this builder
         */
        public Builder cookie(CookieOptions cookie) {
            this.fixedCookie = Objects.requireNonNull(cookie, "cookie");
            this.cookieFunction = null;
            return this;
        }

        /**
         * Cookie options built from the defaults by {@code spec}.
         *
         * @param spec sets the options that differ from the defaults, e.g.
         *     {@code c -> c.maxAge(Duration.ofHours(8))}
         * @return this builder
         */
        public Builder cookie(Consumer<CookieOptions.Builder> spec) {
            return cookie(CookieOptions.create(spec));
        }

        /**
         * Cookie options computed per request (express-session 1.19's {@code cookie} function). The
         * {@code AUTO} values it returns are still resolved against the request.
         *
         * @param cookie returns the options for a new session of this request; never {@code null}
         * @return this builder
         */
        public Builder cookiePerRequest(Function<RequestInfo, CookieOptions> cookie) {
            this.cookieFunction = Objects.requireNonNull(cookie, "cookie");
            this.fixedCookie = null;
            return this;
        }

        /**
         * Skip store touches that would move the stored expiry by less than this.
         *
         * @param touchAfter zero or positive; default {@link Duration#ZERO} (always touch)
         * @return this builder
         */
        public Builder touchAfter(Duration touchAfter) {
            this.touchAfter = touchAfter;
            return this;
        }

        /**
         * The absolute timeout: a session older than this is refused however active it is.
         *
         * @param maxLifetime positive; {@code null} for none (the default)
         * @return this builder
         */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        /**
         * How long the store keeps a session with a browser-session cookie after its last use.
         *
         * @param browserSessionTtl positive; default one day
         * @return this builder
         */
        public Builder browserSessionTtl(Duration browserSessionTtl) {
            this.browserSessionTtl = browserSessionTtl;
            return this;
        }

        /**
         * What a request does when the store fails.
         *
         * @param policy default {@link StoreFailurePolicy#SERVICE_UNAVAILABLE} (a clean 503)
         * @return this builder
         */
        public Builder storeFailurePolicy(StoreFailurePolicy policy) {
            this.storeFailurePolicy = Objects.requireNonNull(policy, "storeFailurePolicy");
            return this;
        }

        /**
         * How concurrent requests of one session are reconciled.
         *
         * @param concurrency default {@link ConcurrencyMode#MERGE}
         * @return this builder
         */
        public Builder concurrency(ConcurrencyMode concurrency) {
            this.concurrency = Objects.requireNonNull(concurrency, "concurrency");
            return this;
        }

        /**
         * How long a request waits for its session in {@link ConcurrencyMode#LOCK}.
         *
         * @param lockTimeout positive; default 10 seconds
         * @return this builder
         */
        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        /**
         * How long a store lock lasts if its request never releases it; see {@link SessionConfig#lockLease()}.
         *
         * @param lockLease positive; default 30 seconds
         * @return this builder
         */
        public Builder lockLease(Duration lockLease) {
            this.lockLease = lockLease;
            return this;
        }

        /**
         * How many compare-and-set attempts a save makes before it takes its session's lock; see
         * {@link SessionConfig#mergeAttempts()}.
         *
         * @param mergeAttempts at least 1; default 2
         * @return this builder
         */
        public Builder mergeAttempts(int mergeAttempts) {
            this.mergeAttempts = mergeAttempts;
            return this;
        }

        /**
         * The clock that decides expiry and timeouts; tests inject their own.
         *
         * @param clock default the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The Jackson mapper for session values, e.g. the application's own with its modules. The engine uses
         * a copy of it. Do not enable default typing on it with a permissive validator: class names in stored
         * data are resolved only through {@link #allowTypes(String...)}.
         *
         * @param objectMapper the mapper
         * @return this builder
         */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
            return this;
        }

        /**
         * Adds Jackson modules (a framework's serializers and mixins, say) to the engine's mapper without
         * replacing its configuration. Classes their type ids name must still be admitted by
         * {@link #allowTypes(String...)}.
         *
         * @param modules the modules, registered in order
         * @return this builder
         */
        public Builder jacksonModules(Module... modules) {
            for (Module m : modules) {
                jacksonModules.add(Objects.requireNonNull(m, "jacksonModules"));
            }
            return this;
        }

        /**
         * Admits application classes as the types of session values across requests. A value is stored with
         * its type's name; in a later request it comes back as that type only if this allowlist admits every
         * class the name mentions (element types included), and is otherwise read as plain JSON and the type
         * named in a warning. Classes outside the list are never loaded. The same list guards the class names
         * in Jackson type ids ({@code @JsonTypeInfo(use = CLASS)}, a module's default typing).
         *
         * <p>{@code "com.example."} (ending in a dot) admits that package and its sub-packages;
         * {@code "com.example.Point"} admits one class (nested: {@code "com.example.Outer$Inner"}). JDK value
         * types and collections are always admitted; JDK packages cannot be admitted wholesale. Adds to earlier
         * calls.
         *
         * @param namesOrPackages class names, or package prefixes ending in {@code .}
         * @return this builder
         */
        public Builder allowTypes(String... namesOrPackages) {
            allowedTypes.addAll(Arrays.asList(namesOrPackages));
            return this;
        }

        /**
         * Admits exactly these classes; see {@link #allowTypes(String...)}.
         *
         * @param types the classes
         * @return this builder
         */
        public Builder allowTypes(Class<?>... types) {
            for (Class<?> t : types) {
                allowedTypes.add(Objects.requireNonNull(t, "allowTypes").getName());
            }
            return this;
        }

        /**
         * The size limits of stored sessions; see {@link SessionLimits}.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(SessionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Limits built from the defaults by {@code spec}, e.g. {@code limits(l -> l.maxSessionBytes(65536))}.
         *
         * @param spec changes to the default limits
         * @return this builder
         */
        public Builder limits(Consumer<SessionLimits.Builder> spec) {
            return limits(SessionLimits.create(spec));
        }

        /**
         * Whether the stored JSON carries the creation time and the values' types; see
         * {@link SessionConfig#storeCreationTime()}.
         *
         * @param storeCreationTime default {@code true}
         * @return this builder
         */
        public Builder storeCreationTime(boolean storeCreationTime) {
            this.storeCreationTime = storeCreationTime;
            return this;
        }

        /**
         * Adds a listener told when sessions are created, destroyed, expired or change id; see
         * {@link SessionListener}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(SessionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Adds an observer told what the engine does, for metrics (e.g. {@code sessions4j-micrometer}'s
         * {@code SessionMetrics}); see {@link SessionObserver}. Several may be added: each is told everything, in
         * order.
         *
         * @param observer the observer
         * @return this builder
         */
        public Builder observer(SessionObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * Checks every option and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid option
         */
        public SessionConfig build() {
            CookieRules.checkName("name", name);
            if (secrets.isEmpty()) {
                throw new IllegalArgumentException(
                        "secrets: no secret to sign session cookies with; " + HOW_TO_SET_A_SECRET);
            }
            for (int i = 0; i < secrets.size(); i++) {
                if (secrets.get(i).length == 0) {
                    throw new IllegalArgumentException("secrets: secret #" + (i + 1) + " is empty");
                }
                if (secrets.get(i).length < RECOMMENDED_SECRET_BYTES) {
                    LOG.warn("secrets: secret #{} is {} bytes; use at least {} random bytes", i + 1,
                            secrets.get(i).length, RECOMMENDED_SECRET_BYTES);
                }
            }
            requireNonNegative("touchAfter", touchAfter);
            requirePositive("browserSessionTtl", browserSessionTtl);
            CookieRules.checkMaxAge("browserSessionTtl", browserSessionTtl);
            requirePositive("lockTimeout", lockTimeout);
            requirePositive("lockLease", lockLease);
            if (maxLifetime != null) {
                requirePositive("maxLifetime", maxLifetime);
                CookieRules.checkMaxAge("maxLifetime", maxLifetime);
                if (!storeCreationTime) {
                    throw new IllegalArgumentException(
                            "maxLifetime: needs storeCreationTime(true) to know when a session began");
                }
            }
            for (String entry : allowedTypes) {
                String problem = TypeAllowlist.checkEntry(entry);
                if (problem != null) {
                    throw new IllegalArgumentException("allowTypes: " + problem);
                }
            }
            if (principalLimit != null && store != null && store.principals().isEmpty()) {
                throw new IllegalArgumentException("principalLimit: " + store.name()
                        + " keeps no index of sessions by principal");
            }
            if (mergeAttempts < 1) {
                throw new IllegalArgumentException("mergeAttempts: must be at least 1, got " + mergeAttempts);
            }
            return new SessionConfig(this);
        }


        private static void requireNonNegative(String option, Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(option + ": must be zero or positive, got " + d);
            }
        }

        private static void requirePositive(String option, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(option + ": must be positive, got " + d);
            }
        }
    }
}
