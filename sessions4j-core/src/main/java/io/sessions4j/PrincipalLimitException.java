package io.sessions4j;

/**
 * A principal already has as many live sessions as {@link SessionConfig#principalLimit()} allows and the policy is
 * {@link PrincipalLimit.Policy#REFUSE}. Thrown by {@link Session#principal(String)}; the session stays nobody's,
 * so the login handler can answer (for example "already signed in elsewhere") and the request goes on.
 */
public final class PrincipalLimitException extends SessionException {
    private static final long serialVersionUID = 1L;

    /** The limit that refused the session. */
    private final int maxSessions;

    /**
     * @param maxSessions the limit that refused the session
     */
    public PrincipalLimitException(int maxSessions) {
        super("the principal already has " + maxSessions + " live session" + (maxSessions == 1 ? "" : "s")
                + ", the configured limit; end one of them first");
        this.maxSessions = maxSessions;
    }

    /** {@return the limit that refused the session} */
    public int maxSessions() {
        return maxSessions;
    }
}
