package io.sessions4j.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** Validation of cookie attribute values, shared by the configuration and the session cookie setters. */
public final class CookieRules {
    /**
     * The range of cookie expiry dates: years 1 to 9999, the dates that a four-digit year writes and that
     * every place an expiry goes holds (an HTTP date, JavaScript's {@code Date}, SQL timestamps, Redis TTLs).
     */
    public static final Instant EARLIEST_EXPIRY = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59.999Z");
    /** The longest cookie lifetime, either way: the whole range of expiry dates, about 10,000 years. */
    public static final Duration MAX_AGE = Duration.between(EARLIEST_EXPIRY, LATEST_EXPIRY);
    /** RFC 1034 host names, optionally with a leading dot (the rule of the {@code cookie} npm package). */
    private static final Pattern DOMAIN = Pattern.compile(
            "^([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
            Pattern.CASE_INSENSITIVE);
    /** RFC 7230 token: what a cookie name may hold. */
    private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$");

    private CookieRules() {
    }

    /** Returns {@code path} or throws naming {@code option}. */
    public static String checkPath(String option, String path) {
        if (!isPath(path)) {
            throw new IllegalArgumentException(option
                    + ": must start with '/' and hold printable ASCII without ';', got " + quote(path));
        }
        return path;
    }

    /**
     * Printable ASCII without {@code ;} (RFC 6265 av-octet), starting with {@code /}; by hand rather than by a
     * pattern, as every stored cookie read is checked.
     */
    private static boolean isPath(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c > 0x7E || c == ';') {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code domain} (null allowed) or throws naming {@code option}. */
    public static String checkDomain(String option, String domain) {
        if (domain != null && !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException(option + ": not a valid host name, got " + quote(domain));
        }
        return domain;
    }

    /** Returns {@code name} or throws naming {@code option}. */
    public static String checkName(String option, String name) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException(option + ": must be a cookie name token (RFC 7230), got "
                    + quote(name));
        }
        return name;
    }

    /** Returns {@code maxAge} (null allowed) or throws naming {@code option} when it is beyond {@link #MAX_AGE}. */
    public static Duration checkMaxAge(String option, Duration maxAge) {
        if (maxAge != null && (maxAge.compareTo(MAX_AGE) > 0 || maxAge.compareTo(MAX_AGE.negated()) < 0)) {
            throw new IllegalArgumentException(option + ": must be within " + MAX_AGE.toDays()
                    + " days either way, got " + maxAge);
        }
        return maxAge;
    }

    /** Returns {@code expires} (null allowed) or throws naming {@code option} when it is outside years 1 to 9999. */
    public static Instant checkExpires(String option, Instant expires) {
        if (expires != null && !inRange(expires)) {
            throw new IllegalArgumentException(option + ": must be between " + EARLIEST_EXPIRY + " and "
                    + LATEST_EXPIRY + ", got " + expires);
        }
        return expires;
    }

    static boolean inRange(Instant expires) {
        return !expires.isBefore(EARLIEST_EXPIRY) && !expires.isAfter(LATEST_EXPIRY);
    }

    /** {@code now + millis}, kept within the range of expiry dates. */
    static Instant expiryAfter(Instant now, long millis) {
        Instant t = now.plusMillis(millis);
        return t.isAfter(LATEST_EXPIRY) ? LATEST_EXPIRY : t.isBefore(EARLIEST_EXPIRY) ? EARLIEST_EXPIRY : t;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
