package io.sessions4j.examples;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The demo's HTML: one escaping rule for every value that came from a user, and one page layout. */
final class Html {
    /** Small on purpose: readable type, one column, cards for what the library did. */
    private static final String STYLE = String.join("\n",
            ":root { color-scheme: light; --ink: #1f2430; --muted: #5c6370; --line: #dde1e8; --accent: #2f6fdf;"
                    + " --ok: #e7f5ec; --ok-line: #7cc596; --info: #eef3fd; --info-line: #8fb0ee; }",
            "* { box-sizing: border-box; }",
            "body { margin: 0; font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue',"
                    + " Arial, sans-serif; color: var(--ink); background: #f6f7f9; }",
            "main { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }",
            "header h1 { margin: 0; font-size: 1.6rem; } header p { margin: .25rem 0 1.25rem; color: var(--muted); }",
            "h2 { font-size: 1.05rem; margin: 0 0 .5rem; }",
            ".card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.25rem;"
                    + " margin: 0 0 1rem; }",
            ".big { font-size: 1.5rem; font-weight: 600; margin: 0 0 .25rem; }",
            ".notice { border-radius: 10px; padding: .75rem 1.25rem; margin: 0 0 1rem; background: var(--info);"
                    + " border: 1px solid var(--info-line); }",
            ".notice.ok { background: var(--ok); border-color: var(--ok-line); }",
            "dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0; }",
            "dt { color: var(--muted); } dd { margin: 0; }",
            "table { border-collapse: collapse; } th, td { text-align: left; padding: .15rem .75rem .15rem 0; }",
            "th { font-weight: 500; color: var(--muted); }",
            "code, td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }",
            "label { display: block; margin: 0 0 .75rem; }",
            "input[type=text], input:not([type]), input[type=password] { display: block; width: 100%; max-width: 20rem;"
                    + " padding: .4rem .5rem; border: 1px solid var(--line); border-radius: 6px; font: inherit; }",
            "button { font: inherit; padding: .4rem 1rem; border: 0; border-radius: 6px; background: var(--accent);"
                    + " color: #fff; cursor: pointer; }",
            "form.inline { display: inline; } a { color: var(--accent); }",
            ".error { color: #b3261e; } .muted { color: var(--muted); font-size: .9rem; }",
            "");

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
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style></head>\n<body><main>\n"
                + "<header><h1>sessions4j demo</h1><p>express-session for the JVM: a signed cookie, a session on the "
                + "server, a store you choose.</p></header>\n"
                + body + "</main></body></html>\n";
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        // Pages show per-user data; no shared cache may keep them.
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
