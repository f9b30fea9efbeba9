package io.sessions4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged demo as a JPMS application: {@code java --module-path <jar>:target/lib -m
 * io.sessions4j.examples/...} with no class path at all, so every sessions4j module has to resolve from its
 * {@code module-info} (exports, requires, {@code uses}/{@code provides}), and a real browser-like client goes
 * through {@code SessionFilter} and the memory store. Runs after {@code package} (failsafe), when the jar and
 * {@code target/lib} exist.
 */
class DemoOnModulePathIT {
    private static final String MAIN = "io.sessions4j.examples/io.sessions4j.examples.DemoServer";
    private static final String LISTENING = "sessions4j demo listening on ";

    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process demo;

    @AfterEach
    void stop() throws InterruptedException {
        if (demo != null) {
            demo.destroy();
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    @Test
    void theDemoRunsAsModulesAndKeepsASession() throws Exception {
        URI uri = startOnModulePath();

        // The store modules were found through `provides`, not through a class path.
        assertThat(output).anyMatch(line -> line.startsWith("root io.sessions4j.examples "));
        assertThat(output).anyMatch(line -> line.startsWith("io.sessions4j.core binds io.sessions4j.redis "));
        assertThat(output).anyMatch(line -> line.startsWith("io.sessions4j.core binds io.sessions4j.jdbc "));

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> first = browser.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                c -> assertThat(c).startsWith("connect.sid=s%3A").contains("HttpOnly"));
        assertThat(first.body()).contains("welcome to the session demo");

        HttpResponse<String> second = browser.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(second.body()).contains("views: 2</p>").contains("<code id=\"store\">MemoryStore</code>");
    }

    /** Starts the packaged jar on the module path and returns its address once it listens. */
    private URI startOnModulePath() throws Exception {
        Path jar = Path.of(System.getProperty("demo.jar", "target/sessions4j-examples.jar"));
        Path lib = Path.of(System.getProperty("demo.lib", "target/lib"));
        assertThat(jar).as("the packaged demo (run by failsafe after package)").isRegularFile();
        assertThat(lib).isDirectory();
        assertThat(Files.list(lib).map(Path::getFileName).map(Path::toString))
                .anyMatch(name -> name.startsWith("sessions4j-core-"));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "--show-module-resolution",
                "--module-path", jar + File.pathSeparator + lib, "-m", MAIN, "--port", "0")
                .redirectErrorStream(true);
        builder.environment().remove("CLASSPATH");
        builder.environment().put("SESSION_SECRET", "module path test secret, long enough to sign");
        demo = builder.start();

        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                    if (line.startsWith(LISTENING)) {
                        listening.complete(URI.create(line.substring(LISTENING.length()).trim()));
                    }
                }
                listening.completeExceptionally(new IllegalStateException(
                        "the demo exited with " + demo.waitFor() + " before listening:\n" + String.join("\n", output)));
            } catch (IOException | InterruptedException e) {
                listening.completeExceptionally(e);
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
        // Generous: a JVM start with ~40 modules on a loaded 2-core machine.
        return listening.get(120, TimeUnit.SECONDS);
    }
}
