package io.sessions4j;

import io.sessions4j.internal.CookieRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The session cookie's attributes for newly created sessions, as express-session's {@code cookie} option.
 * Immutable; build one with {@link #builder()}. Defaults: {@code path=/}, {@code httpOnly=true}, no
 * {@code maxAge} (a browser-session cookie), every other attribute unset.
 *
 * <p>As in express-session, these options only shape <em>new</em> sessions: a stored session keeps the
 * cookie it was created with (and whatever the application changed on it since).
 *
 * <pre>{@code
 * CookieOptions cookie = CookieOptions.builder()
 *         .maxAge(Duration.ofHours(1))
 *         .sameSite(SameSite.LAX)
 *         .secure(Secure.AUTO)
 *         .build();
 * }</pre>
 */
public final class CookieOptions {

    private static final CookieOptions DEFAULTS = builder().build();

    private final String path;
    private final String domain;
    private final boolean httpOnly;
    private final Secure secure;
    private final SameSite sameSite;
    private final Duration maxAge;
    private final Instant expires;
    private final Boolean partitioned;
    private final Priority priority;
    private final boolean maxAgeAttribute;

    private CookieOptions(Builder b) {
        this.path = b.path;
        this.domain = b.domain;
        this.httpOnly = b.httpOnly;
        this.secure = b.secure;
        this.sameSite = b.sameSite;
        this.maxAge = b.maxAge;
        this.expires = b.expires;
        this.partitioned = b.partitioned;
        this.priority = b.priority;
        this.maxAgeAttribute = b.maxAgeAttribute;
    }

    /** {@return a new builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options built by applying {@code spec} to a fresh builder.
     *
     * @param spec sets the options that differ from the defaults
     * @return the built options
     */
    public static CookieOptions create(Consumer<Builder> spec) {
        Builder b = builder();
        spec.accept(b);
        return b.build();
    }

    /** {@return the defaults: {@code path=/}, {@code httpOnly=true}, a browser-session cookie} */
    public static CookieOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a builder that starts from these options} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path;
        b.domain = domain;
        b.httpOnly = httpOnly;
        b.secure = secure;
        b.sameSite = sameSite;
        b.maxAge = maxAge;
        b.expires = expires;
        b.partitioned = partitioned;
        b.priority = priority;
        b.maxAgeAttribute = maxAgeAttribute;
        return b;
    }

    /** {@return the cookie's {@code Path}; default {@code /}} */
    public String path() {
        return path;
    }

    /** {@return the cookie's {@code Domain}; empty for a host-only cookie (the default)} */
    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    /** {@return whether the cookie is {@code HttpOnly}, hidden from scripts; default {@code true}} */
    public boolean httpOnly() {
        return httpOnly;
    }

    /**
     * {@return when the cookie gets the {@code Secure} attribute} Unset means no {@code Secure} attribute
     * and no {@code secure} key in the stored cookie.
     */
    public Optional<Secure> secure() {
        return Optional.ofNullable(secure);
    }

    /** {@return the cookie's {@code SameSite} attribute; empty leaves it unset (the default)} */
    public Optional<SameSite> sameSite() {
        return Optional.ofNullable(sameSite);
    }

    /**
     * {@return the lifetime of new sessions' cookies; empty for a browser-session cookie (unless {@link #expires()})}
     */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** {@return a fixed expiry date for new sessions' cookies (express discourages it; prefer {@link #maxAge()})} */
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    /** {@return the cookie's {@code Partitioned} attribute (CHIPS); empty leaves it unset (the default)} */
    public Optional<Boolean> partitioned() {
        return Optional.ofNullable(partitioned);
    }

    /** {@return the cookie's {@code Priority} attribute; empty leaves it unset (the default)} */
    public Optional<Priority> priority() {
        return Optional.ofNullable(priority);
    }

    /**
     * {@return whether {@code Set-Cookie} also carries {@code Max-Age}} express-session never writes it (only
     * {@code Expires}), so the default is {@code false}.
     */
    public boolean maxAgeAttribute() {
        return maxAgeAttribute;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CookieOptions)) {
            return false;
        }
        CookieOptions that = (CookieOptions) o;
        return httpOnly == that.httpOnly && maxAgeAttribute == that.maxAgeAttribute
                && path.equals(that.path) && Objects.equals(domain, that.domain) && secure == that.secure
                && sameSite == that.sameSite && Objects.equals(maxAge, that.maxAge)
                && Objects.equals(expires, that.expires) && Objects.equals(partitioned, that.partitioned)
                && priority == that.priority;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, domain, httpOnly, secure, sameSite, maxAge, expires, partitioned, priority,
                maxAgeAttribute);
    }

    @Override
    public String toString() {
        return "CookieOptions{path=" + path + ", domain=" + domain + ", httpOnly=" + httpOnly + ", secure="
                + secure + ", sameSite=" + sameSite + ", maxAge=" + maxAge + ", expires=" + expires
                + ", partitioned=" + partitioned + ", priority=" + priority + ", maxAgeAttribute="
                + maxAgeAttribute + '}';
    }

    /** Mutable builder of {@link CookieOptions}; every setter checks its value at once. */
    public static final class Builder {
        private String path = "/";
        private String domain;
        private boolean httpOnly = true;
        private Secure secure;
        private SameSite sameSite;
        private Duration maxAge;
        private Instant expires;
        private Boolean partitioned;
        private Priority priority;
        private boolean maxAgeAttribute;

        private Builder() {
        }

        /**
         * The cookie's {@code Path}, also the request paths that get a session (RFC 6265 path-match).
         *
         * @param path an absolute path, e.g. {@code /app}
         * @return this builder
         * @throws IllegalArgumentException if the path is not a valid cookie path
         */
        public Builder path(String path) {
            this.path = CookieRules.checkPath("cookie.path", path);
            return this;
        }

        /**
         * The cookie's {@code Domain}.
         *
         * @param domain e.g. {@code example.com}; {@code null} to leave it unset (host-only cookie)
         * @return this builder
         * @throws IllegalArgumentException if the domain is not a valid cookie domain
         */
        public Builder domain(String domain) {
            this.domain = CookieRules.checkDomain("cookie.domain", domain);
            return this;
        }

        /**
         * Whether the cookie is {@code HttpOnly} (hidden from scripts). Default {@code true}.
         *
         * @param httpOnly {@code false} only if scripts must read the cookie
         * @return this builder
         */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /**
         * When the cookie gets the {@code Secure} attribute.
         *
         * @param secure {@code ALWAYS}, {@code NEVER} or {@code AUTO}; {@code null} leaves the attribute unset
         * @return this builder
         */
        public Builder secure(Secure secure) {
            this.secure = secure;
            return this;
        }

        /**
         * The cookie's {@code Secure} attribute, as express-session's boolean option.
         *
         * @param secure {@code true} for {@link Secure#ALWAYS}, {@code false} for {@link Secure#NEVER}
         * @return this builder
         */
        public Builder secure(boolean secure) {
            return secure(secure ? Secure.ALWAYS : Secure.NEVER);
        }

        /**
         * The cookie's {@code SameSite} attribute.
         *
         * @param sameSite the value; {@code null} leaves the attribute unset
         * @return this builder
         */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = sameSite;
            return this;
        }

        /**
         * The cookie lifetime, at most 10,000 years; {@code null} for a browser-session cookie. Clears
         * {@link #expires(Instant)} (the later of the two wins, as in express-session).
         *
         * @param maxAge a positive lifetime, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException if {@code maxAge} is zero or negative, or over 10,000 years
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
                throw new IllegalArgumentException("cookie.maxAge: must be positive, got " + maxAge);
            }
            this.maxAge = CookieRules.checkMaxAge("cookie.maxAge", maxAge);
            this.expires = null;
            return this;
        }

        /**
         * A fixed expiry for new sessions, in years 1 to 9999; clears {@link #maxAge(Duration)}.
         *
         * @param expires the instant the cookies expire, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if {@code expires} is outside years 1 to 9999
         */
        public Builder expires(Instant expires) {
            this.expires = CookieRules.checkExpires("cookie.expires", expires);
            this.maxAge = null;
            return this;
        }

        /**
         * The cookie's {@code Partitioned} attribute (CHIPS).
         *
         * @param partitioned the value; {@code null} leaves the attribute unset
         * @return this builder
         */
        public Builder partitioned(Boolean partitioned) {
            this.partitioned = partitioned;
            return this;
        }

        /**
         * The cookie's {@code Priority} attribute.
         *
         * @param priority the value; {@code null} leaves the attribute unset
         * @return this builder
         */
        public Builder priority(Priority priority) {
            this.priority = priority;
            return this;
        }

        /**
         * Also write {@code Max-Age} (express-session writes only {@code Expires}).
         *
         * @param maxAgeAttribute whether {@code Set-Cookie} carries {@code Max-Age}
         * @return this builder
         */
        public Builder maxAgeAttribute(boolean maxAgeAttribute) {
            this.maxAgeAttribute = maxAgeAttribute;
            return this;
        }

        /** {@return the options} */
        public CookieOptions build() {
            return new CookieOptions(this);
        }
    }
}
