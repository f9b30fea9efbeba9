package io.sessions4j.spring.example;

import io.sessions4j.MemoryStore;
import io.sessions4j.spi.SessionStore;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The flows on the default store: the application's properties name none. */
class MemoryStoreFlowTest extends LoginFlowContract {
    private static ExampleApp app;

    @BeforeAll
    static void start() {
        app = ExampleApp.start(Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Override
    ExampleApp app() {
        return app;
    }

    @Test
    void theStoreIsTheMemoryStore() {
        assertThat(app.context().getBean(SessionStore.class)).isInstanceOf(MemoryStore.class);
    }
}
