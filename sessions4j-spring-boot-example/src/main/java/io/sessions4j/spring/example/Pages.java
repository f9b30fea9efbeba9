package io.sessions4j.spring.example;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** The pages, as small HTML strings (no template engine, so nothing hides what the session holds). */
@RestController
class Pages {
    static final String NOTES = "notes";

    @GetMapping(value = "/", produces = "text/html")
    String home(Principal user) {
        return page("Home", user == null ? "<p>Not signed in. <a href=\"/me\">Sign in</a></p>"
                : "<p id=\"user\">Signed in as " + esc(user.getName()) + "</p>");
    }

    @GetMapping(value = "/me", produces = "text/html")
    String me(Principal user, HttpServletRequest request, HttpSession session) {
        return page("Me", "<p id=\"user\">Signed in as " + esc(user.getName()) + "</p>"
                + "<p>session " + esc(session.getId().substring(0, 6)) + "…</p>" + logoutForm(request));
    }

    /** Protected, with a query: after the login the browser must land here again, query included. */
    @GetMapping(value = "/report", produces = "text/html")
    String report(Principal user, @RequestParam(name = "year", defaultValue = "") String year) {
        return page("Report", "<p id=\"report\">Report " + esc(year) + " for " + esc(user.getName()) + "</p>");
    }

    @GetMapping(value = "/notes", produces = "text/html")
    String notes(HttpServletRequest request, HttpSession session) {
        StringBuilder list = new StringBuilder("<ul id=\"notes\">");
        Object held = session.getAttribute(NOTES);
        if (held instanceof List<?> notes) {
            for (Object n : notes) {
                // The class is shown so that the tests see what came back from the store: a Note, not a map.
                String text = n instanceof Note note ? note.text() : String.valueOf(n);
                list.append("<li data-type=\"").append(n.getClass().getSimpleName()).append("\">")
                        .append(esc(text)).append("</li>");
            }
        }
        list.append("</ul>");
        return page("Notes", list + "<form method=\"post\" action=\"/notes\">" + csrfInput(request)
                + "<input name=\"text\" id=\"text\"> <button id=\"add\" type=\"submit\">Add</button></form>");
    }

    @PostMapping("/notes")
    void addNote(@RequestParam("text") String text, HttpSession session, HttpServletResponse response)
            throws IOException {
        @SuppressWarnings("unchecked")
        List<Note> notes = (List<Note>) session.getAttribute(NOTES);
        List<Note> next = notes == null ? new ArrayList<>() : new ArrayList<>(notes);
        next.add(new Note(text, Instant.now()));
        session.setAttribute(NOTES, next);
        response.sendRedirect("/notes");
    }

    private static String logoutForm(HttpServletRequest request) {
        return "<form method=\"post\" action=\"/logout\">" + csrfInput(request)
                + "<button id=\"logout\" type=\"submit\">Sign out</button></form>";
    }

    /** Spring Security's token of this request (read here, it is loaded from, or saved to, the session). */
    private static String csrfInput(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\"" + csrf.getToken() + "\">";
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1>" + body
                + "<p><a href=\"/\">home</a> <a href=\"/me\">me</a> <a href=\"/notes\">notes</a></p></body></html>";
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }
}
