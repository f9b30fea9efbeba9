package io.sessions4j.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.spi.SessionManager;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the application on one store with a sessions4j limit of one session per user that refuses new
 * logins ({@code sessions4j.principal-limit.*}) and no Spring concurrent-session control: simultaneous logins of
 * one user spread over both instances leave exactly one signed-in session, and every other login fails with the
 * login page's error.
 */
abstract class PrincipalLimitContract {
    static final int LOGINS = 20;

    /** The properties every instance of a subclass starts with, besides its store's. */
    static final Map<String, String> REFUSE_ONE = Map.of("sessions4j.principal-limit.max-sessions", "1",
            "sessions4j.principal-limit.policy", "refuse", "example.maximum-sessions", "0");

    /** The two running instances, on one store. */
    abstract List<ExampleApp> instances();

    @Test
    void twentySimultaneousLoginsOfOneUserOnTwoInstancesLeaveExactlyOneSignedInSession() throws Exception {
        List<ExampleApp> apps = instances();
        List<WebClient> clients = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < LOGINS; i++) {
            WebClient client = new WebClient();
            tokens.add(WebClient.csrf(client.get(apps.get(i % 2).base() + "/login")));
            clients.add(client);
        }
        ExecutorService pool = Executors.newFixedThreadPool(LOGINS);
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> landings = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> logins = new ArrayList<>();
            for (int i = 0; i < LOGINS; i++) {
                int n = i;
                logins.add(pool.submit(() -> {
                    go.await();
                    HttpResponse<String> login = clients.get(n).post(apps.get(n % 2).base() + "/login",
                            Map.of("username", "ann", "password", "ann-password", "_csrf", tokens.get(n)));
                    landings.add(login.statusCode() + " " + login.headers().firstValue("Location").orElse(""));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> login : logins) {
                login.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        int signedIn = 0;
        for (int i = 0; i < LOGINS; i++) {
            // Ask the other instance than the one that logged the client in.
            HttpResponse<String> me = clients.get(i).get(apps.get((i + 1) % 2).base() + "/me");
            if (me.statusCode() == 200 && me.body().contains("Signed in as ann")) {
                signedIn++;
            }
        }
        int indexed = apps.get(0).context().getBean(SessionManager.class).userSessions().list("ann").size();
        long refused = landings.stream().filter(l -> l.startsWith("302 ") && l.endsWith("/login?error")).count();
        System.out.printf("[principal-limit] %s: %d simultaneous logins on 2 instances -> %d signed in, %d indexed, "
                + "%d refused%n", getClass().getSimpleName(), LOGINS, signedIn, indexed, refused);
        assertThat(signedIn).isEqualTo(1);
        assertThat(indexed).isEqualTo(1);
        assertThat(refused).as("landings %s", landings).isEqualTo(LOGINS - 1);
    }
}
