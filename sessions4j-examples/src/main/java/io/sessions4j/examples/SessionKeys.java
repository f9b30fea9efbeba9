package io.sessions4j.examples;

/** The keys the demo keeps in the session; the Node demo of express-session uses the same names. */
final class SessionKeys {
    /** How many times this session has seen the counter page (an integer). */
    static final String VIEWS = "views";
    /** The logged-in user's name (a string); absent when logged out. */
    static final String USER = "user";

    private SessionKeys() {
    }
}
