package io.sessions4j.spring.boot.security;

import io.sessions4j.UserSessions;
import java.util.Date;
import java.util.function.Supplier;
import org.springframework.security.core.session.SessionInformation;

/**
 * A snapshot of one sessions4j session for Spring Security, whose {@link #expireNow()} ends the session in the
 * store: the next request of that session, on any instance, finds no session and is not signed in. (Spring's own
 * registry only marks it, and relies on the {@code ConcurrentSessionFilter} of the instance that holds the mark.)
 */
final class Sessions4jSessionInformation extends SessionInformation {
    private static final long serialVersionUID = 1L;

    private final transient Supplier<UserSessions> users;
    private final String name;

    Sessions4jSessionInformation(Object principal, String name, String sessionId, Date lastRequest,
            Supplier<UserSessions> users) {
        super(principal, sessionId, lastRequest);
        this.name = name;
        this.users = users;
    }

    /** Destroys the session in the store (telling the session listeners), then marks this snapshot expired. */
    @Override
    public void expireNow() {
        users.get().destroy(name, getSessionId());
        super.expireNow();
    }
}
