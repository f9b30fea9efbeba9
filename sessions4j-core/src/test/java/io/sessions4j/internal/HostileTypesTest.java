package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.sessions4j.SessionException;
import io.sessions4j.internal.hostile.GadgetProbe;
import io.sessions4j.internal.samples.Cart;
import io.sessions4j.internal.samples.Envelope;
import io.sessions4j.internal.samples.Kind;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.StoredSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stored data written by someone hostile names classes: none outside the allowlist is ever loaded, let alone
 * instantiated, whichever way the name reaches Jackson, and the request never fails for it.
 * {@code io.sessions4j.internal.hostile.HostileGadget} records its own initialization; it is named here
 * only as a string.
 */
class HostileTypesTest extends EngineTestSupport {
    private static final String GADGET = "io.sessions4j.internal.hostile.HostileGadget";
    private static final String JDBC_ROW_SET = "com.sun.rowset.JdbcRowSetImpl";

    private final SessionManager engine = engine(b -> b.allowTypes("io.sessions4j.internal.samples."));

    @AfterEach
    void gadgetNeverRan() {
        assertThat(GadgetProbe.initialized).as("gadget class initialized").isFalse();
        assertThat(GadgetProbe.constructed).as("gadget constructed").isFalse();
    }

    /** A stored session holding {@code "v": valueJson}, with {@code types} as the metadata's types object. */
    private FakeExchange storedWith(SessionManager manager, String valueJson, String types) {
        FakeExchange first = request(manager, FakeExchange.get("/"), s -> s.put("v", 1));
        String id = CommitDecisionsTest.sessionId(first);
        StoredSession record = store.delegate().get(id).orElseThrow();
        String json = record.json().replace("\"v\":1", "\"v\":" + valueJson)
                .replace("\"created\":", "\"types\":" + types + ",\"created\":");
        store.delegate().set(id, new StoredSession(json, record.expires()));
        return first;
    }

    private Object read(SessionManager manager, FakeExchange first) {
        AtomicReference<Object> value = new AtomicReference<>();
        request(manager, FakeExchange.following(first), s -> value.set(s.get("v").orElseThrow()));
        return value.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {GADGET, JDBC_ROW_SET, "org.springframework.context.support.ClassPathXmlApplicationContext",
        "java.util.logging.FileHandler", "ArrayList<" + GADGET + ">", "HashMap<String," + GADGET + ">",
        GADGET + "[]", "[L" + GADGET + ";", "java.util.ArrayList<" + GADGET + ">", "io.sessions4j.internal.samples.Point<"
            + GADGET + ">"})
    void aDescriptorNamingAClassOutsideTheAllowlistLeavesTheValueAsPlainJson(String descriptor) {
        FakeExchange first = storedWith(engine, "{\"command\":\"touch /tmp/pwned\"}", "{\"v\":\"" + descriptor + "\"}");

        assertThat(read(engine, first)).isEqualTo(Map.of("command", "touch /tmp/pwned"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<", "ArrayList<", "ArrayList<>", "ArrayList<String", "ArrayList<String>>", "int",
        "List<int>", "Point", "a b", "java.lang.String\n[WARN] forged log line", "ArrayList<ArrayList<ArrayList<ArrayList<"
            + "ArrayList<ArrayList<ArrayList<ArrayList<ArrayList<ArrayList<String>>>>>>>>>>"})
    void aMalformedDescriptorIsIgnored(String descriptor) {
        FakeExchange first = storedWith(engine, "[1]", ObjectMapperHolder.quote(Map.of("v", descriptor)));

        assertThat(read(engine, first)).isEqualTo(List.of(1));
    }

    @Test
    void aDescriptorThatIsNotAStringIsIgnored() {
        FakeExchange first = storedWith(engine, "[1]", "{\"v\":{\"class\":\"" + GADGET + "\"}}");

        assertThat(read(engine, first)).isEqualTo(List.of(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {GADGET, JDBC_ROW_SET, "java.util.ArrayList<" + GADGET + ">", "[L" + GADGET + ";"})
    void aClassNameInsideAnAdmittedValueIsRefusedBeforeItIsLoaded(String name) {
        String payload = "{\"payload\":{\"@class\":\"" + name + "\",\"command\":\"x\",\"dataSourceName\":"
                + "\"ldap://127.0.0.1:1/evil\",\"autoCommit\":true}}";
        FakeExchange first = storedWith(engine, payload, "{\"v\":\"io.sessions4j.internal.samples.Envelope\"}");

        assertThat(read(engine, first)).isInstanceOf(Map.class);
        request(engine, FakeExchange.following(first), s -> assertThatThrownBy(() -> s.get("v", Envelope.class))
                .isInstanceOf(SessionException.class).hasMessageContaining("'v'"));
    }

    @Test
    void aClassTypedPropertyResolvesOnlyAdmittedClasses() {
        FakeExchange hostile = storedWith(engine, "{\"type\":\"" + GADGET + "\"}",
                "{\"v\":\"io.sessions4j.internal.samples.Kind\"}");
        assertThat(read(engine, hostile)).isEqualTo(Map.of("type", GADGET));

        FakeExchange fine = storedWith(engine, "{\"type\":\"java.lang.String\"}",
                "{\"v\":\"io.sessions4j.internal.samples.Kind\"}");
        assertThat(read(engine, fine)).isEqualTo(new Kind(String.class));
    }

    @Test
    void aModuleThatTurnsOnPermissiveDefaultTypingStillCannotLoadAClassOutsideTheAllowlist() {
        SimpleModule permissive = new SimpleModule("permissive") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                ObjectMapper owner = context.getOwner();
                owner.activateDefaultTyping(LaissezFaireSubTypeValidator.instance, ObjectMapper.DefaultTyping.NON_FINAL);
            }
        };
        SessionManager typed = engine(b -> b.jacksonModules(permissive).allowTypes("io.sessions4j.internal.samples."));
        FakeExchange first = storedWith(typed, "{\"items\":[\"" + GADGET + "\",{\"command\":\"x\"}],\"total\":1}",
                "{\"v\":\"io.sessions4j.internal.samples.Cart\"}");

        assertThat(read(typed, first)).isInstanceOf(Map.class);

        Cart cart = new Cart();
        cart.items.add("fine");
        FakeExchange own = request(typed, FakeExchange.get("/"), s -> s.put("cart", cart));
        request(typed, FakeExchange.following(own), s -> assertThat(((Cart) s.get("cart").orElseThrow()).items)
                .containsExactly("fine"));
    }

    /** JSON-quotes a map of strings (descriptors with quotes and newlines in them). */
    private static final class ObjectMapperHolder {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        static String quote(Map<String, String> map) {
            try {
                return MAPPER.writeValueAsString(map);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
