package io.sessions4j;

/**
 * The cookie's {@code SameSite} attribute.
 *
 * <p>{@link #AUTO} is resolved per request, when the session is created: {@link #NONE} over a secure
 * connection, {@link #LAX} otherwise (express-session's {@code sameSite: 'auto'}). The resolved value is
 * what the session keeps.
 */
public enum SameSite {
    STRICT("Strict"),
    LAX("Lax"),
    NONE("None"),
    AUTO(null);

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute value as written in {@code Set-Cookie}; {@code null} for {@link #AUTO}. */
    public String attributeValue() {
        return attribute;
    }

    /** The lower-case form stored in the session JSON, as express-session stores it. */
    public String jsonValue() {
        return attribute == null ? "auto" : attribute.toLowerCase(java.util.Locale.ROOT);
    }
}
