package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.sessions4j.internal.samples.Cart;
import io.sessions4j.internal.samples.Note;
import io.sessions4j.internal.samples.Shapes;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.StoredSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Frameworks add Jackson modules (serializers, mixins with class-name type ids, their own default typing, as
 * Spring Security's do): values still round-trip, Node-written values still read as plain JSON, and class
 * names still go through the allowlist.
 */
class JacksonModulesTest extends EngineTestSupport {
    private static final String SAMPLES = "io.sessions4j.internal.samples.";

    private Object roundTrip(SessionManager manager, Object value) {
        FakeExchange first = request(manager, FakeExchange.get("/"), s -> s.put("v", value));
        AtomicReference<Object> back = new AtomicReference<>();
        request(manager, FakeExchange.following(first), s -> back.set(s.get("v").orElseThrow()));
        return back.get();
    }

    private String storedJson(FakeExchange response) {
        return store.delegate().get(CommitDecisionsTest.sessionId(response)).orElseThrow().json();
    }

    /** Like Spring Security's modules: turns on default typing (class names) with its own allowlisting validator. */
    private static SimpleModule defaultTypingModule() {
        return new SimpleModule("default-typing") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                ObjectMapper owner = context.getOwner();
                owner.activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfSubType(SAMPLES)
                        .allowIfSubType("java.util.").allowIfSubType("java.time.").build(),
                        ObjectMapper.DefaultTyping.NON_FINAL);
            }
        };
    }

    @Test
    void aMixinWithClassNameTypeIdsRoundTripsThroughTheAllowlist() {
        SessionManager manager = engine(b -> b.jacksonModules(Shapes.module()).allowTypes(SAMPLES));
        Shapes.Drawing drawing = new Shapes.Drawing("logo", new Shapes.Circle(2.5));

        assertThat(roundTrip(manager, drawing)).isEqualTo(drawing);
        FakeExchange response = request(manager, FakeExchange.get("/"), s -> s.put("d", drawing));
        assertThat(storedJson(response)).contains("\"d\":{\"title\":\"logo\",\"shape\":{\"@class\":"
                + "\"io.sessions4j.internal.samples.Shapes$Circle\",\"radius\":2.5}}");
        List<Shapes.Shape> shapes = new ArrayList<>(List.of(new Shapes.Circle(1), new Shapes.Square(2)));
        assertThat(roundTrip(manager, shapes)).isEqualTo(shapes);
    }

    @Test
    void withoutTheAllowlistAMixinsClassNameIsRefusedAndTheValueReadAsPlainJson() {
        SessionManager admits = engine(b -> b.jacksonModules(Shapes.module()).allowTypes(SAMPLES));
        FakeExchange first = request(admits, FakeExchange.get("/"),
                s -> s.put("d", new Shapes.Drawing("logo", new Shapes.Square(1))));
        SessionManager refuses = engine(b -> b.jacksonModules(Shapes.module())
                .allowTypes("io.sessions4j.internal.samples.Shapes$Drawing"));

        request(refuses, FakeExchange.following(first), s -> assertThat(s.get("d").orElseThrow())
                .isEqualTo(Map.of("title", "logo", "shape", Map.of("@class", "io.sessions4j.internal.samples.Shapes$Square",
                        "side", 1.0))));
    }

    @Test
    void aModulesOwnDefaultTypingRoundTripsValuesAndPlainJsonFromNodeStillReads() {
        SessionManager manager = engine(b -> b.jacksonModules(defaultTypingModule()).allowTypes(SAMPLES));
        Cart cart = new Cart();
        cart.items.add("pear");
        List<Note> notes = new ArrayList<>(List.of(new Note("a", Instant.EPOCH)));

        assertThat(((Cart) roundTrip(manager, cart)).items).containsExactly("pear");
        assertThat(roundTrip(manager, notes)).isEqualTo(notes);

        FakeExchange first = request(manager, FakeExchange.get("/"), s -> s.put("views", 1));
        String id = CommitDecisionsTest.sessionId(first);
        StoredSession record = store.delegate().get(id).orElseThrow();
        store.delegate().set(id, new StoredSession(record.json().replace("\"views\":1",
                "\"views\":1,\"fromNode\":{\"cart\":[\"book\"],\"n\":1.5}"), record.expires()));
        request(manager, FakeExchange.following(first), s -> assertThat(s.get("fromNode").orElseThrow())
                .isEqualTo(Map.of("cart", List.of("book"), "n", 1.5)));
    }

    @Test
    void theApplicationsOwnMapperIsUsedButNeverChanged() {
        ObjectMapper own = SessionJson.defaultMapper().registerModule(Shapes.module());
        SessionManager manager = engine(b -> b.objectMapper(own).allowTypes(SAMPLES));
        Shapes.Drawing drawing = new Shapes.Drawing("logo", new Shapes.Circle(2.5));

        assertThat(roundTrip(manager, drawing)).isEqualTo(drawing);
        assertThat(own.getTypeFactory()).isSameAs(TypeFactory.defaultInstance());
        assertThat(own.getPolymorphicTypeValidator()).isSameAs(LaissezFaireSubTypeValidator.instance);
        assertThat(own.getFactory().streamReadConstraints().getMaxDocumentLength()).isEqualTo(-1L);
    }
}
