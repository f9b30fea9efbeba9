package io.sessions4j;

/**
 * How many live sessions one principal may have ({@link Session#principal(String)}), and what a session beyond
 * that does. Applied in the store, in the same atomic write that names the principal, so simultaneous logins
 * on several instances cannot pass it.
 *
 * <pre>{@code
 * SessionConfig limited = SessionConfig.builder()
 *         .secrets(secret)
 *         .principalLimit(PrincipalLimit.of(1, PrincipalLimit.Policy.END_OLDEST))
 *         .build();
 * }</pre>
 *
 * @param maxSessions at least 1
 * @param policy what a session beyond the limit does
 */
public record PrincipalLimit(int maxSessions, Policy policy) {

    /** What happens to a session that would pass the limit. */
    public enum Policy {
        /** {@link Session#principal(String)} throws {@link PrincipalLimitException}; the other sessions go on. */
        REFUSE,
        /** The principal's sessions that expire first (the least recently used) are destroyed to make room. */
        END_OLDEST
    }

    /**
     * Checks the values.
     *
     * @param maxSessions at least 1
     * @param policy not null
     */
    public PrincipalLimit {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("principalLimit: maxSessions must be at least 1, got " + maxSessions);
        }
        if (policy == null) {
            throw new IllegalArgumentException("principalLimit: policy must not be null");
        }
    }

    /**
     * A limit.
     *
     * @param maxSessions at least 1
     * @param policy what a session beyond the limit does
     * @return the limit
     */
    public static PrincipalLimit of(int maxSessions, Policy policy) {
        return new PrincipalLimit(maxSessions, policy);
    }
}
