package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.testing.CountingStore;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code describe('res.end patch')}. express patches {@code res.end}/{@code res.write};
 * the servlet twin is a response wrapper. Another filter's wrapper, installed before or after the session
 * filter (express's {@code utils.writePatch}, which makes a write after the end throw), must not break the
 * body or the session; and writing after the response completed must behave exactly as it does without the
 * session filter.
 */
@DisplayName("session() res.end patch")
class ResponseWrappingTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    /** express's writePatch: a response whose output refuses writes after it was closed. */
    static Filter writeGuard() {
        return (req, res, chain) -> chain.doFilter(req, new HttpServletResponseWrapper((HttpServletResponse) res) {
            private ServletOutputStream guarded;

            @Override
            public ServletOutputStream getOutputStream() throws IOException {
                if (guarded == null) {
                    guarded = new GuardedStream(super.getOutputStream());
                }
                return guarded;
            }
        });
    }

    private static final class GuardedStream extends ServletOutputStream {
        private final ServletOutputStream delegate;
        private boolean ended;

        GuardedStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (ended) {
                throw new IllegalStateException("write after end");
            }
        }

        @Override
        public void write(int b) throws IOException {
            check();
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check();
            delegate.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            ended = true;
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }

    private static final ConformanceServer.Handler HELLO_WORLD = (req, res) -> {
        session(req).put("hit", true);
        OutputStream out = res.getOutputStream();
        out.write("hello, ".getBytes(StandardCharsets.UTF_8));
        out.write("world".getBytes(StandardCharsets.UTF_8));
        out.close();
    };

    @Test
    @DisplayName("should correctly handle res.end/res.write patched prior (Java: a response wrapper before the "
            + "session filter)")
    void shouldCorrectlyHandleResponseWrappedBefore() {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.with(config).before(writeGuard()).handler(HELLO_WORLD)
                .start()) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("hello, world");
            assertThat(store.peek(reply.sid())).isPresent();
        }
    }

    @Test
    @DisplayName("should correctly handle res.end/res.write patched after (Java: a response wrapper after the "
            + "session filter)")
    void shouldCorrectlyHandleResponseWrappedAfter() {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.with(config).after(writeGuard()).handler(HELLO_WORLD)
                .start()) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("hello, world");
            assertThat(store.peek(reply.sid())).isPresent();
        }
    }

    @Test
    @DisplayName("should error when res.end is called twice (Java: writing after the response completed behaves "
            + "as without the filter) (express defaults: resave, saveUninitialized)")
    void shouldBehaveLikeThePlainContainerWhenWritingAfterComplete() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        AtomicReference<String> plainError = new AtomicReference<>("none");
        AtomicReference<String> sessionError = new AtomicReference<>("none");
        Reply plain;
        Reply withSession;
        try (ConformanceServer server = ConformanceServer.with(config).withoutSessionFilter()
                .handler(endThenWriteAgain(plainError)).start()) {
            plain = server.get("/").send();
        }
        try (ConformanceServer server = ConformanceServer.with(config).handler(endThenWriteAgain(sessionError))
                .start()) {
            withSession = server.get("/").send();
        }
        // Jetty either throws EofException or ignores a write after close, depending on how far it got in
        // completing the response (a race inside Jetty, in either run); what matters is that the wrapper
        // adds no failure of its own.
        String jettys = "org.eclipse.jetty.io.EofException: Closed";
        assertThat(plainError.get()).isIn("none", jettys);
        assertThat(sessionError.get()).isIn("none", jettys);
        assertThat(withSession.status()).isEqualTo(plain.status());
        assertThat(withSession.body()).isEqualTo(plain.body());
        assertThat(withSession.header("Content-Length")).isEqualTo(plain.header("Content-Length"));
        assertThat(withSession.setCookie("connect.sid")).isNotNull();
    }

    /** {@code res.end(); try { res.setHeader('Content-Length', '3'); res.end('foo') } catch (e) { ... }}. */
    private static ConformanceServer.Handler endThenWriteAgain(AtomicReference<String> error) {
        return (req, res) -> {
            res.getOutputStream().close();
            try {
                res.setHeader("Content-Length", "3");
                res.getOutputStream().write("foo".getBytes(StandardCharsets.UTF_8));
                res.getOutputStream().close();
            } catch (IOException | RuntimeException e) {
                error.set(e.getClass().getName() + ": " + e.getMessage());
            }
        };
    }
}
