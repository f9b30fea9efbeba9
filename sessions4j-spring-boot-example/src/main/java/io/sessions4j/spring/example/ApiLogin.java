package io.sessions4j.spring.example;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A programmatic login, as Spring Security's documentation writes one for a single-page application: the
 * controller authenticates and saves the context through the repository itself. The starter names the principal
 * when the context is saved in the session, as it does for the form login.
 */
@RestController
class ApiLogin {
    private final AuthenticationManager authentication;
    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();

    ApiLogin(AuthenticationConfiguration configuration) throws Exception {
        this.authentication = configuration.getAuthenticationManager();
    }

    @PostMapping(value = "/api/login", produces = "text/plain")
    ResponseEntity<String> login(@RequestParam("username") String username, @RequestParam("password") String password,
            HttpServletRequest request, HttpServletResponse response) {
        Authentication user;
        try {
            user = authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
        } catch (AuthenticationException e) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body("bad credentials");
        }
        if (request.getSession(false) != null) {
            request.changeSessionId(); // session fixation protection, which the login filters do for the form login
        }
        SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(user);
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
        repository.saveContext(context, request, response);
        return ResponseEntity.ok("signed in as " + user.getName());
    }
}
