package io.sessions4j.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.CookieOptions;
import io.sessions4j.Priority;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import io.sessions4j.SessionCookie;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The cookie of one session, mirroring express-session's {@code Cookie}: the nine stored fields, the
 * {@code maxAge} arithmetic, and the JSON form. Remembers whether the application changed it, because a
 * cookie-only change must reach the browser and the store (express-session loses it, #452).
 */
final class CookieState implements SessionCookie {
    private final Clock clock;
    private Long originalMaxAge;
    private Boolean partitioned;
    private Priority priority;
    private Instant expires;
    private Boolean secure;
    private boolean httpOnly = true;
    private String domain;
    private String path = "/";
    private SameSite sameSite;
    private boolean changed;
    /** Asked before every call of a public setter, whether or not it changes anything. */
    private Guard guard = real -> { };

    /** Decides whether a setter may run; {@code real} says whether it would change a stored field. */
    @FunctionalInterface
    interface Guard {
        /** @throws IllegalStateException when the change is not allowed */
        void check(boolean real);
    }

    private CookieState(Clock clock) {
        this.clock = clock;
    }

    /** The cookie of a new session: the options with {@code AUTO} values resolved for this request. */
    static CookieState create(CookieOptions options, boolean secureRequest, Clock clock) {
        CookieState c = new CookieState(clock);
        c.path = options.path();
        c.domain = options.domain().orElse(null);
        c.httpOnly = options.httpOnly();
        c.secure = options.secure().map(s -> s == Secure.AUTO ? secureRequest : s == Secure.ALWAYS).orElse(null);
        c.sameSite = options.sameSite()
                .map(s -> s == SameSite.AUTO ? (secureRequest ? SameSite.NONE : SameSite.LAX) : s)
                .orElse(null);
        c.partitioned = options.partitioned().orElse(null);
        c.priority = options.priority().orElse(null);
        Instant now = c.now();
        if (options.maxAge().isPresent()) {
            c.setMaxAge(options.maxAge().get(), now);
        } else if (options.expires().isPresent()) {
            c.setExpires(options.expires().get(), now);
        }
        return c;
    }

    /**
     * Reads a stored {@code cookie} object. Lenient like express-session (which copies whatever is there):
     * wrong-typed fields fall back to their defaults, and an unparseable {@code expires} reads as none. A
     * number no real cookie holds (an {@code originalMaxAge} beyond {@link CookieRules#MAX_AGE}, an
     * {@code expires} outside years 1 to 9999) makes the record unreadable instead: no lifetime read from it
     * could be written back to a store or a browser, and guessing one would keep a session alive by accident.
     *
     * @throws SessionJson.CorruptSessionException for such a number
     */
    static CookieState fromJson(JsonNode node, Clock clock) {
        CookieState c = new CookieState(clock);
        c.originalMaxAge = originalMaxAge(node.get("originalMaxAge"));
        c.partitioned = bool(node.get("partitioned"));
        c.priority = priority(node.get("priority"));
        c.expires = expires(node.get("expires"));
        c.secure = bool(node.get("secure"));
        Boolean httpOnly = bool(node.get("httpOnly"));
        c.httpOnly = httpOnly == null || httpOnly;
        c.domain = validOrNull(node.get("domain"), CookieRules::checkDomain);
        String path = validOrNull(node.get("path"), CookieRules::checkPath);
        c.path = path != null ? path : "/";
        c.sameSite = sameSite(node.get("sameSite"));
        return c;
    }

    /** Writes the stored form: express's key order, {@code undefined} fields left out. */
    void writeJson(JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        if (originalMaxAge == null) {
            gen.writeNullField("originalMaxAge");
        } else {
            gen.writeNumberField("originalMaxAge", originalMaxAge);
        }
        if (partitioned != null) {
            gen.writeBooleanField("partitioned", partitioned);
        }
        if (priority != null) {
            gen.writeStringField("priority", priority.jsonValue());
        }
        if (expires == null) {
            gen.writeNullField("expires");
        } else {
            gen.writeStringField("expires", HttpDates.iso(expires));
        }
        if (secure != null) {
            gen.writeBooleanField("secure", secure);
        }
        gen.writeBooleanField("httpOnly", httpOnly);
        if (domain != null) {
            gen.writeStringField("domain", domain);
        }
        gen.writeStringField("path", path);
        if (sameSite != null) {
            gen.writeStringField("sameSite", sameSite.jsonValue());
        }
        gen.writeEndObject();
    }

    CookieState copy() {
        CookieState c = new CookieState(clock);
        c.originalMaxAge = originalMaxAge;
        c.partitioned = partitioned;
        c.priority = priority;
        c.expires = expires;
        c.secure = secure;
        c.httpOnly = httpOnly;
        c.domain = domain;
        c.path = path;
        c.sameSite = sameSite;
        c.changed = changed;
        return c;
    }

    /** express's {@code resetMaxAge()}: a full {@code originalMaxAge} from {@code now}. Not an application change. */
    void resetExpiry(Instant now) {
        expires = originalMaxAge == null ? null : CookieRules.expiryAfter(now, originalMaxAge);
    }

    /**
     * Moves a persistent cookie's expiry later to {@code storeExpiry} when the store's record outlives it:
     * a store touch moves only the record's expiry, not the JSON's {@code cookie.expires}.
     */
    void extendExpiry(Instant storeExpiry) {
        if (expires != null && storeExpiry.isAfter(expires)) {
            expires = storeExpiry;
        }
    }

    /** Keeps a persistent cookie from outliving the session's absolute deadline. */
    void capExpiry(Instant deadline) {
        if (expires != null && expires.isAfter(deadline)) {
            expires = deadline;
        }
    }

    void guard(Guard guard) {
        this.guard = guard;
    }

    /** Whether the application changed an attribute since the last {@link #clearChanged()}. */
    boolean changed() {
        return changed;
    }

    void clearChanged() {
        changed = false;
    }

    Instant expiresOrNull() {
        return expires;
    }

    Long originalMaxAgeMillis() {
        return originalMaxAge;
    }

    SameSite sameSiteOrNull() {
        return sameSite;
    }

    Priority priorityOrNull() {
        return priority;
    }

    boolean partitionedFlag() {
        return Boolean.TRUE.equals(partitioned);
    }

    @Override
    public Optional<Duration> maxAge() {
        return expires == null ? Optional.empty() : Optional.of(Duration.between(now(), expires));
    }

    @Override
    public SessionCookie maxAge(Duration maxAge) {
        return change(next -> {
            if (maxAge == null) {
                next.expires = null;
                next.originalMaxAge = null;
            } else {
                next.setMaxAge(maxAge, now());
            }
        });
    }

    @Override
    public Optional<Duration> originalMaxAge() {
        return originalMaxAge == null ? Optional.empty() : Optional.of(Duration.ofMillis(originalMaxAge));
    }

    @Override
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    @Override
    public SessionCookie expires(Instant expires) {
        return change(next -> {
            if (expires == null) {
                next.expires = null;
                next.originalMaxAge = null;
            } else {
                next.setExpires(expires, now());
            }
        });
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public SessionCookie path(String path) {
        return change(next -> next.path = CookieRules.checkPath("cookie.path", path));
    }

    @Override
    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    @Override
    public SessionCookie domain(String domain) {
        return change(next -> next.domain = CookieRules.checkDomain("cookie.domain", domain));
    }

    @Override
    public boolean httpOnly() {
        return httpOnly;
    }

    @Override
    public SessionCookie httpOnly(boolean httpOnly) {
        return change(next -> next.httpOnly = httpOnly);
    }

    @Override
    public boolean secure() {
        return Boolean.TRUE.equals(secure);
    }

    @Override
    public SessionCookie secure(boolean secure) {
        return change(next -> next.secure = secure);
    }

    @Override
    public Optional<SameSite> sameSite() {
        return Optional.ofNullable(sameSite);
    }

    @Override
    public SessionCookie sameSite(SameSite sameSite) {
        return change(next -> {
            if (sameSite == SameSite.AUTO) {
                throw new IllegalArgumentException(
                        "cookie.sameSite: AUTO is resolved when a session is created; set STRICT, LAX or NONE");
            }
            next.sameSite = sameSite;
        });
    }

    @Override
    public boolean partitioned() {
        return Boolean.TRUE.equals(partitioned);
    }

    @Override
    public SessionCookie partitioned(boolean partitioned) {
        return change(next -> next.partitioned = partitioned);
    }

    @Override
    public Optional<Priority> priority() {
        return Optional.ofNullable(priority);
    }

    @Override
    public SessionCookie priority(Priority priority) {
        return change(next -> next.priority = priority);
    }

    /**
     * Applies a setter to a copy first: only when the copy differs in a stored field is it a real change, which
     * the guard may refuse before anything is changed here.
     */
    private SessionCookie change(java.util.function.Consumer<CookieState> edit) {
        CookieState next = copy();
        edit.accept(next);
        boolean real = !fields().equals(next.fields());
        guard.check(real);
        if (real) {
            originalMaxAge = next.originalMaxAge;
            partitioned = next.partitioned;
            priority = next.priority;
            expires = next.expires;
            secure = next.secure;
            httpOnly = next.httpOnly;
            domain = next.domain;
            path = next.path;
            sameSite = next.sameSite;
            changed = true;
        }
        return this;
    }

    /** The stored fields, to tell a real change from setting the same value again. */
    private java.util.List<Object> fields() {
        return java.util.Arrays.asList(originalMaxAge, partitioned, priority, expires, secure, httpOnly, domain, path,
                sameSite);
    }

    private void setMaxAge(Duration maxAge, Instant now) {
        long ms = CookieRules.checkMaxAge("cookie.maxAge", maxAge).toMillis();
        expires = CookieRules.expiryAfter(now, ms);
        originalMaxAge = ms;
    }

    private void setExpires(Instant when, Instant now) {
        expires = CookieRules.checkExpires("cookie.expires", when).truncatedTo(ChronoUnit.MILLIS);
        originalMaxAge = Duration.between(now, expires).toMillis();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * A stored attribute that would be unsafe in {@code Set-Cookie} (a {@code ;} or CR/LF injected into the
     * store) is dropped rather than written, as express refuses it with "option path is invalid".
     */
    private static String validOrNull(JsonNode node, java.util.function.BinaryOperator<String> rule) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return rule.apply("stored cookie", node.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Boolean bool(JsonNode node) {
        return node != null && node.isBoolean() ? node.asBoolean() : null;
    }

    private static Long originalMaxAge(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        // doubleValue() holds every node's magnitude (a huge integer becomes infinity) and is exact in range.
        double millis = node.doubleValue();
        if (!(Math.abs(millis) <= CookieRules.MAX_AGE.toMillis())) {
            throw new SessionJson.CorruptSessionException("cookie.originalMaxAge out of range", null);
        }
        return (long) millis;
    }

    private static Instant expires(JsonNode node) {
        Instant expires = null;
        if (node != null && node.isTextual()) {
            expires = HttpDates.parseIso(node.asText());
        } else if (node != null && node.isNumber()) {
            double millis = node.doubleValue();
            expires = Math.abs(millis) <= CookieRules.MAX_AGE.toMillis() ? Instant.ofEpochMilli((long) millis)
                    : Instant.MAX;
        }
        if (expires != null && !CookieRules.inRange(expires)) {
            throw new SessionJson.CorruptSessionException("cookie.expires out of range", null);
        }
        return expires;
    }

    private static Priority priority(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        switch (node.asText().toLowerCase(Locale.ROOT)) {
            case "low":
                return Priority.LOW;
            case "medium":
                return Priority.MEDIUM;
            case "high":
                return Priority.HIGH;
            default:
                return null;
        }
    }

    private static SameSite sameSite(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? SameSite.STRICT : null;
        }
        if (!node.isTextual()) {
            return null;
        }
        switch (node.asText().toLowerCase(Locale.ROOT)) {
            case "strict":
                return SameSite.STRICT;
            case "lax":
                return SameSite.LAX;
            case "none":
                return SameSite.NONE;
            default:
                return null;
        }
    }
}
