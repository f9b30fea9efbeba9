package io.sessions4j.servlet.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately dumb HTTP/1.1 client over a plain or TLS socket: it sends exactly the header lines it is
 * given (several {@code Cookie} headers, an odd {@code Host}), one request per connection, and keeps the
 * raw response headers in order. No cookie jar: each test carries cookies by hand, as supertest does.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** One request. */
    static final class Request {
        private final String host;
        private final int port;
        private final SSLContext tls;
        private final String method;
        private final String target;
        private final List<String[]> headers = new ArrayList<>();
        private boolean hostHeader = true;

        Request(String host, int port, SSLContext tls, String method, String target) {
            this.host = host;
            this.port = port;
            this.tls = tls;
            this.method = method;
            this.target = target;
        }

        Request header(String name, String value) {
            if (name.equalsIgnoreCase("Host")) {
                hostHeader = false;
            }
            headers.add(new String[] {name, value});
            return this;
        }

        /** Adds a {@code Cookie} header (null is ignored, like supertest's {@code .set('Cookie', undefined)}). */
        Request cookie(String cookie) {
            return cookie == null ? this : header("Cookie", cookie);
        }

        Reply send() {
            try (Socket socket = open()) {
                socket.setSoTimeout(30_000);
                StringBuilder req = new StringBuilder();
                req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
                if (hostHeader) {
                    req.append("Host: ").append(host).append(':').append(port).append("\r\n");
                }
                for (String[] h : headers) {
                    req.append(h[0]).append(": ").append(h[1]).append("\r\n");
                }
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    req.append("Content-Length: 0\r\n");
                }
                req.append("Connection: close\r\n\r\n");
                OutputStream out = socket.getOutputStream();
                out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return parse(readAll(socket.getInputStream()), method.equals("HEAD"));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + target + " failed", e);
            }
        }

        private Socket open() throws IOException {
            if (tls == null) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(host, port), 10_000);
                return s;
            }
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
            s.startHandshake();
            return s;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) != -1) {
            buf.write(chunk, 0, n);
        }
        return buf.toByteArray();
    }

    static Reply parse(byte[] raw, boolean head) {
        int split = indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'});
        if (split < 0) {
            throw new IllegalStateException("incomplete response: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, split + 4, raw.length);
        if (head) {
            body = new byte[0];
        } else if (headers.getOrDefault("transfer-encoding", List.of()).stream()
                .anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int eol = indexOf(body, new byte[] {'\r', '\n'}, pos);
            String sizeLine = new String(body, pos, eol - pos, StandardCharsets.ISO_8859_1);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, eol + 2, size);
            pos = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, pattern, 0);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
