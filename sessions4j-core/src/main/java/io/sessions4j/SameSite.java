package io.sessions4j;

/**
 * The cookie's {@code SameSite} attribute.
 *
 * <p>{@link #AUTO} is resolved per request, when the session is created: {@link #NONE} over a secure
 * connection, {@link #LAX} otherwise (express-session's {@code sameSite: 'auto'}). The resolved value is
 * what the session keeps.
 */
public enum SameSite {
    /** {@code SameSite=Strict}: the cookie is sent only on requests from the same site. */
    STRICT("Strict"),
    /** {@code SameSite=Lax}: also sent on top-level navigations from other sites. */
    LAX("Lax"),
    /** {@code SameSite=None}: sent on cross-site requests too; browsers require {@code Secure} with it. */
    NONE("None"),
    /** {@link #NONE} over a secure connection, {@link #LAX} otherwise, decided when the session is created. */
    AUTO(null);

    private final String attribute;
    private final String json;

    SameSite(String attribute) {
        this.attribute = attribute;
        this.json = attribute == null ? "auto" : attribute.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@return the attribute value as written in {@code Set-Cookie}; {@code null} for {@link #AUTO}} */
    public String attributeValue() {
        return attribute;
    }

    /** {@return the lower-case form stored in the session JSON, as express-session stores it} */
    public String jsonValue() {
        return json;
    }
}
