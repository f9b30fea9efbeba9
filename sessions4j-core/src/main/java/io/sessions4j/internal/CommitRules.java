package io.sessions4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.SessionConfig;
import java.util.Map;
import java.util.Objects;

/**
 * express-session's end-of-request decisions ({@code shouldSave}, {@code shouldTouch},
 * {@code shouldSetCookie}), with this library's deliberate differences: a cookie-only change counts as a
 * change (it is saved and sent), and an explicit save of a new session also sends its cookie.
 */
final class CommitRules {
    private CommitRules() {
    }

    record Decision(boolean save, boolean touch, boolean setCookie) {
    }

    /**
     * @param snapshot the session's data now
     * @param cookieId the id of the request's valid cookie, or null
     * @param cookieChanged whether the application changed the cookie in this request
     */
    static Decision decide(SessionConfig config, SessionImpl s, Map<String, JsonNode> snapshot, String cookieId,
            boolean cookieChanged) {
        boolean modified = !s.id.equals(s.originalId) || !SessionData.sameData(snapshot, s.original)
                || cookieChanged || !Objects.equals(s.principal, s.originalPrincipal);
        boolean hasSaved = s.saved != null;
        boolean isSaved = hasSaved && s.id.equals(s.savedId) && SessionData.sameData(snapshot, s.saved)
                && !s.cookie.changed() && Objects.equals(s.principal, s.savedPrincipal);
        boolean fromCookie = s.id.equals(cookieId);

        boolean save = !config.saveUninitialized() && !hasSaved && !fromCookie ? modified : !isSaved;
        boolean touch = fromCookie && !save;
        boolean setCookie = fromCookie
                ? config.rolling() || s.cookie.expiresOrNull() != null && modified || cookieChanged
                : config.saveUninitialized() || modified || s.explicitlySaved;
        return new Decision(save, touch, setCookie);
    }
}
