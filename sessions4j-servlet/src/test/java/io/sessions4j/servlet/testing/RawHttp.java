package io.sessions4j.servlet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 exchange over a plain socket, for tests that must see exactly when response bytes arrive
 * (which {@link java.net.http.HttpClient} hides).
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    /** A byte read while probing, given back by {@link #readAll()}. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Sends {@code GET path} with {@code Connection: close} and an optional {@code Cookie} header. */
    public static RawHttp get(TestHttpServer jetty, String path, String cookie) throws IOException {
        Socket socket = new Socket("127.0.0.1", jetty.port());
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(jetty.port()).append("\r\n")
                .append("Connection: close\r\n");
        if (cookie != null) {
            request.append("Cookie: ").append(cookie).append("\r\n");
        }
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return new RawHttp(socket);
    }

    /** Whether any response byte (or the end of the stream) arrives within {@code millis}. */
    public boolean anyByteWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            int b = in.read();
            if (b < 0) {
                return true;
            }
            pending.write(b);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Everything until the server closes the connection, as ISO-8859-1 text. */
    public String readAll() throws IOException {
        socket.setSoTimeout(30_000);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(pending.toByteArray());
        in.transferTo(all);
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
