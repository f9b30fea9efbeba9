package io.sessions4j.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what slf4j-simple logs (it writes to {@code System.err} as it is at each call) while open, still
 * passing it on. For asserting that a warning was logged, and how often.
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
    }

    /** The captured lines that contain {@code text}. */
    List<String> lines(String text) {
        String all = captured.toString(StandardCharsets.UTF_8);
        return Arrays.stream(all.split("\n")).filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final PrintStream a;
        private final ByteArrayOutputStream b;

        TeeStream(PrintStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
