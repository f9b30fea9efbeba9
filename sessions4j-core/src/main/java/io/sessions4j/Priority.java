package io.sessions4j;

/** The cookie's {@code Priority} attribute (a Chromium extension, supported by express-session 1.18+). */
public enum Priority {
    LOW("Low"),
    MEDIUM("Medium"),
    HIGH("High");

    private final String attribute;

    Priority(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute value as written in {@code Set-Cookie}. */
    public String attributeValue() {
        return attribute;
    }

    /** The lower-case form stored in the session JSON. */
    public String jsonValue() {
        return attribute.toLowerCase(java.util.Locale.ROOT);
    }
}
