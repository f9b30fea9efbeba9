package io.sessions4j.internal;

/**
 * RFC 6265 section 5.1.4 path-match: {@code /admin} matches {@code /admin}, {@code /admin/} and
 * {@code /admin/users}, but not {@code /administrator} (express-session's plain prefix test does, #1114).
 */
final class PathMatch {
    private PathMatch() {
    }

    static boolean matches(String requestPath, String cookiePath) {
        String path = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
        if (path.equals(cookiePath)) {
            return true;
        }
        if (!path.startsWith(cookiePath)) {
            return false;
        }
        return cookiePath.endsWith("/") || path.charAt(cookiePath.length()) == '/';
    }
}
