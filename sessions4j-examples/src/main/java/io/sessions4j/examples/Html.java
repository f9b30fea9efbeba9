package io.sessions4j.examples;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The demo's HTML: one escaping rule for every value that came from a user, and one page layout. */
final class Html {
    private Html() {
    }

    /** Escapes text for use in element content and in double- or single-quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            String replacement = switch (text.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(text.charAt(i));
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Writes a complete page with a fixed content length. {@code body} is trusted markup: every user value
     * in it must already have gone through {@link #escape}.
     */
    static void send(HttpServletResponse response, int status, String title, String body) throws IOException {
        String page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>" + escape(title) + "</title></head>\n<body>\n" + body + "</body></html>\n";
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        // Pages show per-user data; no shared cache may keep them.
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
