package io.sessions4j.spring.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The real example application on Boot's embedded Tomcat, on a free port, with extra properties. */
final class ExampleApp implements AutoCloseable {
    private final ConfigurableApplicationContext context;
    private final int port;

    private ExampleApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    static ExampleApp start(Map<String, String> properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--sessions4j.secret=an end-to-end test secret of more than 32 bytes"));
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new ExampleApp(SpringApplication.run(ExampleApplication.class, args.toArray(String[]::new)));
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
