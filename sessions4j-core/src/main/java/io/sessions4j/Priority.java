package io.sessions4j;

/** The cookie's {@code Priority} attribute (a Chromium extension, supported by express-session 1.18+). */
public enum Priority {
    /** {@code Priority=Low}: dropped first when the browser's cookie store for the site is full. */
    LOW("Low"),
    /** {@code Priority=Medium}: the browser's default. */
    MEDIUM("Medium"),
    /** {@code Priority=High}: kept longest. */
    HIGH("High");

    private final String attribute;
    private final String json;

    Priority(String attribute) {
        this.attribute = attribute;
        this.json = attribute.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@return the attribute value as written in {@code Set-Cookie}} */
    public String attributeValue() {
        return attribute;
    }

    /** {@return the lower-case form stored in the session JSON} */
    public String jsonValue() {
        return json;
    }
}
