package io.sessions4j.internal;

import java.util.regex.Pattern;

/** Validation of cookie attribute values, shared by the configuration and the session cookie setters. */
public final class CookieRules {
    /** RFC 1034 host names, optionally with a leading dot (the rule of the {@code cookie} npm package). */
    private static final Pattern DOMAIN = Pattern.compile(
            "^([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
            Pattern.CASE_INSENSITIVE);
    /** Printable ASCII without {@code ;} (RFC 6265 av-octet), starting with {@code /}. */
    private static final Pattern PATH = Pattern.compile("^/[\\u0020-\\u003A\\u003C-\\u007E]*$");
    /** RFC 7230 token: what a cookie name may hold. */
    private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$");

    private CookieRules() {
    }

    /** Returns {@code path} or throws naming {@code option}. */
    public static String checkPath(String option, String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException(option
                    + ": must start with '/' and hold printable ASCII without ';', got " + quote(path));
        }
        return path;
    }

    /** Returns {@code domain} (null allowed) or throws naming {@code option}. */
    public static String checkDomain(String option, String domain) {
        if (domain != null && !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException(option + ": not a valid host name, got " + quote(domain));
        }
        return domain;
    }

    /** Returns {@code name} or throws naming {@code option}. */
    public static String checkName(String option, String name) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException(option + ": must be a cookie name token (RFC 7230), got "
                    + quote(name));
        }
        return name;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
