package io.sessions4j.servlet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The application's writer (wrapped in a {@link PrintWriter} by {@link CommittingResponse}): counts the bytes
 * its characters become and commits the session before a write that may commit the response, and before
 * flush and close. Once a failure response has replaced the application's, its output is dropped.
 */
final class CommittingWriter extends Writer {
    private final CommittingResponse response;
    private final WriteBudget budget;
    private final EncodedLength length;
    /** Null when the writer was asked for after a failure response replaced the application's. */
    private final PrintWriter out;

    CommittingWriter(CommittingResponse response, WriteBudget budget, EncodedLength length, PrintWriter out) {
        this.response = response;
        this.budget = budget;
        this.length = length;
        this.out = out;
    }

    @Override
    public void write(int c) throws IOException {
        long bytes = length.of((char) c);
        if (beforeWrite(bytes)) {
            out.write(c);
            budget.wrote(bytes);
        }
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        long bytes = length.of(chars, off, len);
        if (beforeWrite(bytes)) {
            out.write(chars, off, len);
            budget.wrote(bytes);
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        long bytes = length.of(s, off, len);
        if (beforeWrite(bytes)) {
            out.write(s, off, len);
            budget.wrote(bytes);
        }
    }

    @Override
    public void flush() throws IOException {
        if (response.commitSession()) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (response.commitSession()) {
            out.close();
        }
    }

    /** The container's writer reports its I/O errors through checkError only; pass them on. */
    boolean checkError() {
        return out != null && out.checkError();
    }

    private boolean beforeWrite(long bytes) {
        if (budget.mayCommit(bytes)) {
            return response.commitSession();
        }
        return !response.isReplaced();
    }
}
