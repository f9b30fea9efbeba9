package io.sessions4j.jdbc;

import io.sessions4j.SessionStoreException;
import java.sql.SQLException;

/**
 * Turns driver exceptions into {@link SessionStoreException}s that carry no session data. Driver messages
 * may quote parameter values (PostgreSQL's "Detail: Key (sid)=(...)", "Failing row contains (...)"), so
 * only the first line of each message is kept, any id or JSON text of the call is blanked out of it, and
 * the cause chain is replaced by sanitized copies that keep the SQLState, vendor code and stack traces.
 */
final class SqlFailures {
    private static final int MAX_MESSAGE = 300;

    private SqlFailures() {
    }

    /**
     * Whether the database rolled the transaction back on its own (SQLState 40001 serialization failure, which
     * MariaDB and MySQL also give a deadlock victim, or PostgreSQL's 40P01 deadlock), anywhere in the cause
     * chain. Not 40003 ("completion unknown"): that one may have committed.
     */
    static boolean isRolledBackByTheDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if ("40001".equals(state) || "40P01".equals(state)) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static SessionStoreException wrap(String store, String operation, Throwable failure, String... secrets) {
        Throwable clean = sanitize(failure, secrets, 0);
        StringBuilder detail = new StringBuilder();
        detail.append(clean.getMessage() == null ? clean.getClass().getSimpleName() : clean.getMessage());
        if (failure instanceof SQLException && ((SQLException) failure).getSQLState() != null) {
            detail.append(" (SQLState ").append(((SQLException) failure).getSQLState()).append(')');
        }
        return new SessionStoreException(store, operation, detail.toString(), clean);
    }

    private static Throwable sanitize(Throwable t, String[] secrets, int depth) {
        if (t == null || depth > 8) {
            return null;
        }
        String message = clean(t.getMessage(), secrets);
        Throwable copy;
        if (t instanceof SQLException) {
            SQLException e = (SQLException) t;
            copy = new SanitizedSqlException(t.getClass().getName(), message, e.getSQLState(), e.getErrorCode());
        } else {
            copy = new SanitizedException(t.getClass().getName(), message);
        }
        copy.setStackTrace(t.getStackTrace());
        Throwable cause = sanitize(t.getCause(), secrets, depth + 1);
        if (cause != null) {
            copy.initCause(cause);
        }
        return copy;
    }

    static String clean(String message, String[] secrets) {
        if (message == null) {
            return null;
        }
        int newline = message.indexOf('\n');
        String line = (newline < 0 ? message : message.substring(0, newline)).strip();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                line = line.replace(secret, "<redacted>");
            }
        }
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "..." : line;
    }

    /** A driver {@link SQLException} with its message cut to what may be logged; names the original type. */
    static final class SanitizedSqlException extends SQLException {
        private static final long serialVersionUID = 1L;

        SanitizedSqlException(String type, String message, String sqlState, int vendorCode) {
            super(type + ": " + message, sqlState, vendorCode);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Any other exception in the chain, with its message cut to what may be logged; names the original type. */
    static final class SanitizedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SanitizedException(String type, String message) {
            super(type + ": " + message, null, false, true);
        }
    }
}
