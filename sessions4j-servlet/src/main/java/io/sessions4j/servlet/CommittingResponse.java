package io.sessions4j.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * The response the application writes to. Every way a servlet response can become committed (flush,
 * redirect, with Servlet 6.1's overloads too, error, content length or buffer reached) first runs the session
 * commit, so {@code Set-Cookie}
 * is still in the headers and a store failure can still become a clean 503. After such a failure response
 * the application's further changes to the response are ignored, so it goes out whole.
 */
final class CommittingResponse extends HttpServletResponseWrapper {
    private final ResponseCommit commit;
    private final WriteBudget budget;
    private CommittingOutputStream stream;
    private PrintWriter writer;

    CommittingResponse(HttpServletResponse response, ResponseCommit commit) {
        super(response);
        this.commit = commit;
        this.budget = new WriteBudget(response);
    }

    /** Runs the session commit if it has not run; false when a failure response replaced this one. */
    boolean commitSession() {
        return commit.run();
    }

    boolean isReplaced() {
        return commit.isReplaced();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new CommittingOutputStream(this, budget, isReplaced() ? null : super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter out = isReplaced() ? null : super.getWriter();
            CommittingWriter committing = new CommittingWriter(this, budget,
                    EncodedLength.of(getCharacterEncoding()), out);
            writer = new PrintWriter(committing) {
                @Override
                public boolean checkError() {
                    return super.checkError() || committing.checkError();
                }
            };
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (commitSession()) {
            super.flushBuffer();
        }
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        if (commitSession()) {
            super.sendRedirect(location);
        }
    }

    // The three overloads below are Servlet 6.1's; on a 6.0 container nothing calls them.

    @Override
    public void sendRedirect(String location, int sc) throws IOException {
        if (commitSession()) {
            super.sendRedirect(location, sc);
        }
    }

    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        if (commitSession()) {
            super.sendRedirect(location, clearBuffer);
        }
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        if (commitSession()) {
            super.sendRedirect(location, sc, clearBuffer);
        }
    }

    @Override
    public void sendError(int sc) throws IOException {
        if (commitSession()) {
            super.sendError(sc);
        }
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (commitSession()) {
            super.sendError(sc, msg);
        }
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (isReplaced()) {
            return;
        }
        if (budget.contentLength(len) && !commitSession()) {
            return;
        }
        super.setContentLengthLong(len);
    }

    @Override
    public void setHeader(String name, String value) {
        if (isReplaced()) {
            return;
        }
        if (isContentLength(name) && value != null && contentLengthReached(value)) {
            if (!commitSession()) {
                return;
            }
        }
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (isReplaced()) {
            return;
        }
        if (isContentLength(name) && value != null && contentLengthReached(value)) {
            if (!commitSession()) {
                return;
            }
        }
        super.addHeader(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (isContentLength(name)) {
            setContentLengthLong(value);
        } else if (!isReplaced()) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (isContentLength(name)) {
            setContentLengthLong(value);
        } else if (!isReplaced()) {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (!isReplaced()) {
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (!isReplaced()) {
            super.addDateHeader(name, date);
        }
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (!isReplaced()) {
            super.addCookie(cookie);
        }
    }

    @Override
    public void setStatus(int sc) {
        if (!isReplaced()) {
            super.setStatus(sc);
        }
    }

    @Override
    public void setContentType(String type) {
        if (!isReplaced()) {
            super.setContentType(type);
        }
    }

    @Override
    public void setCharacterEncoding(String charset) {
        if (!isReplaced()) {
            super.setCharacterEncoding(charset);
        }
    }

    /** Servlet 6.1. */
    @Override
    public void setCharacterEncoding(Charset charset) {
        if (!isReplaced()) {
            super.setCharacterEncoding(charset);
        }
    }

    @Override
    public void setBufferSize(int size) {
        if (!isReplaced()) {
            super.setBufferSize(size);
        }
    }

    @Override
    public void setLocale(Locale loc) {
        if (!isReplaced()) {
            super.setLocale(loc);
        }
    }

    @Override
    public void reset() {
        if (!isReplaced()) {
            super.reset();
            budget.reset(true);
            // reset() lets the application choose between writer and stream again.
            stream = null;
            writer = null;
        }
    }

    @Override
    public void resetBuffer() {
        if (!isReplaced()) {
            super.resetBuffer();
            budget.reset(false);
        }
    }

    private boolean contentLengthReached(String value) {
        try {
            return budget.contentLength(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isContentLength(String name) {
        return "Content-Length".equalsIgnoreCase(name);
    }
}
