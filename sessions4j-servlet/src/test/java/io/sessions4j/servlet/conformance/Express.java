package io.sessions4j.servlet.conformance;

import io.sessions4j.SessionConfig;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * express-session's test harness defaults ({@code test/session.js} {@code createSession}): secret
 * {@code 'keyboard cat'}, {@code cookie: {maxAge: 60000}} unless the test gives a cookie, and
 * {@code resave}/{@code saveUninitialized} left undefined, i.e. both {@code true}. sessions4j's defaults
 * for the last two are {@code false} (DESIGN section 5, difference 11), so tests that relied on express's
 * defaults set them explicitly through {@link #defaults}.
 */
final class Express {
    static final String SECRET = "keyboard cat";
    static final Duration MIN = Duration.ofMinutes(1);

    private Express() {
    }

    /** Secret, {@code maxAge} 60000 and the test clock; resave/saveUninitialized left at sessions4j's defaults. */
    static SessionConfig.Builder harness(TestClock clock) {
        return SessionConfig.builder()
                .secrets(SECRET)
                .cookie(c -> c.maxAge(MIN))
                .clock(clock);
    }

    /** {@link #harness} plus express's own defaults {@code resave: true, saveUninitialized: true}. */
    static SessionConfig.Builder defaults(TestClock clock) {
        return harness(clock).resave(true).saveUninitialized(true);
    }

    /** Writes a text body and completes the response (express's {@code res.end(text)}). */
    static void end(HttpServletResponse response, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.getOutputStream().close();
    }

    /**
     * express's {@code setup(req) { req.secure = JSON.parse(req.headers['x-secure']) }}: the container's
     * {@code isSecure()} answers what the {@code X-Secure} header says (absent: the real answer).
     */
    static Filter secureFromHeader() {
        return (req, res, chain) -> {
            HttpServletRequest http = (HttpServletRequest) req;
            String flag = http.getHeader("X-Secure");
            if (flag == null) {
                chain.doFilter(req, res);
                return;
            }
            boolean secure = Boolean.parseBoolean(flag.trim());
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public boolean isSecure() {
                    return secure;
                }
            }, res);
        };
    }

    /** express's {@code setup(req) { req.url = '' }}: the request URI as the filter sees it is empty. */
    static Filter emptyRequestUri() {
        return (req, res, chain) -> chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) req) {
            @Override
            public String getRequestURI() {
                return "";
            }
        }, res);
    }
}
