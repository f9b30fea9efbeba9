package io.sessions4j.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The application's output stream: commits the session before a write that may commit the response, and
 * before flush and close. Once a failure response has replaced the application's, its output is dropped.
 */
final class CommittingOutputStream extends ServletOutputStream {
    private final CommittingResponse response;
    private final WriteBudget budget;
    /** Null when the stream was asked for after a failure response replaced the application's. */
    private final ServletOutputStream out;

    CommittingOutputStream(CommittingResponse response, WriteBudget budget, ServletOutputStream out) {
        this.response = response;
        this.budget = budget;
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (beforeWrite(1)) {
            out.write(b);
            budget.wrote(1);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (beforeWrite(len)) {
            out.write(b, off, len);
            budget.wrote(len);
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

    @Override
    public boolean isReady() {
        return out == null || response.isReplaced() || out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        if (out != null) {
            out.setWriteListener(writeListener);
        }
    }

    /** Whether the write goes through: false once a failure response replaced the application's. */
    private boolean beforeWrite(long bytes) {
        if (budget.mayCommit(bytes)) {
            return response.commitSession();
        }
        return !response.isReplaced();
    }
}
