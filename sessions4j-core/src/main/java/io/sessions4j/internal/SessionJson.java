package io.sessions4j.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sessions4j.SessionTooLargeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored session format, express-session's {@code JSON.stringify(req.session)}:
 * {@code {"cookie":{...},"__sessions4j":{"created":...,"types":{key:descriptor,...}},...user keys...}}. The
 * {@code __sessions4j} key carries what express has no place for: the creation time (for the absolute timeout)
 * and the Java type of each user key that needs one (see {@link TypeDescriptors}); express-session treats it
 * as ordinary data and keeps it, and every user key stays the plain JSON express reads and writes.
 */
final class SessionJson {
    static final String COOKIE_KEY = "cookie";
    static final String META_KEY = "__sessions4j";
    private static final String CREATED = "created";
    private static final String TYPES = "types";
    private static final String PRINCIPAL = "principal";

    /** Floating-point numbers read as exact decimals: a BigDecimal keeps its digits, Node's 1.10 is written back as 1.10. */
    private final ObjectReader records;
    private final ValueLimits limits;
    private final ObjectWriter recordWriter;

    SessionJson(ObjectMapper mapper, ValueLimits limits) {
        this.records = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
        this.limits = limits;
        // Whatever a configured mapper says, the stored form is compact and unwrapped: express reads it.
        this.recordWriter = mapper.writer().without(SerializationFeature.INDENT_OUTPUT)
                .without(SerializationFeature.WRAP_ROOT_VALUE);
    }

    /** The mapper used when the configuration gives none: java.time as ISO strings, lenient on unknown fields. */
    static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * A stored session, read. {@code created} is {@code null} when another implementation wrote it; {@code types}
     * holds the descriptors of keys present in {@code data}.
     */
    record Parsed(CookieState cookie, Instant created, Map<String, JsonNode> data, Map<String, String> types,
            String principal) {
        /** {@return the same record with {@code other} as its cookie} */
        Parsed withCookie(CookieState other) {
            return new Parsed(other, created, data, types, principal);
        }
    }

    /**
     * @throws CorruptSessionException when the text is not a JSON object with a {@code cookie} object, or is
     *     over the limits
     */
    Parsed parse(String json, Clock clock) {
        if (json.length() > limits.limits().maxSessionBytes()) {
            throw new CorruptSessionException("over the limits: " + json.length()
                    + " characters, over maxSessionBytes " + limits.limits().maxSessionBytes(), null, true);
        }
        JsonNode root;
        try {
            root = records.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new CorruptSessionException("over the limits: " + e.getOriginalMessage(), e, true);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new CorruptSessionException("not valid JSON: " + shortMessage(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new CorruptSessionException("not a JSON object", null);
        }
        JsonNode cookie = root.get(COOKIE_KEY);
        if (cookie == null || !cookie.isObject()) {
            throw new CorruptSessionException("no \"cookie\" object", null);
        }
        Instant created = null;
        Map<String, String> types = Map.of();
        JsonNode meta = root.get(META_KEY);
        if (meta != null && meta.path(CREATED).isIntegralNumber() && meta.get(CREATED).canConvertToLong()) {
            created = Instant.ofEpochMilli(meta.get(CREATED).asLong());
        }
        String principal = meta != null && meta.path(PRINCIPAL).isTextual() ? meta.get(PRINCIPAL).textValue() : null;
        Map<String, JsonNode> data = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!COOKIE_KEY.equals(field.getKey()) && !META_KEY.equals(field.getKey())) {
                data.put(field.getKey(), field.getValue());
            }
        }
        if (meta != null && meta.path(TYPES).isObject()) {
            types = new LinkedHashMap<>();
            // A descriptor left behind for a key another writer removed is ignored.
            for (Map.Entry<String, JsonNode> t : meta.get(TYPES).properties()) {
                if (t.getValue().isTextual() && data.containsKey(t.getKey())) {
                    types.put(t.getKey(), t.getValue().textValue());
                }
            }
        }
        return new Parsed(CookieState.fromJson(cookie, clock), created, data, types, principal);
    }

    /**
     * Writes the stored form; {@code created} and {@code principal} both null leave out the {@code __sessions4j}
     * key, and with it the types (express-session's exact JSON). Only the types of keys in {@code data} are
     * written. The principal lives there rather than in a user key, so that every user key stays what express
     * reads and writes.
     *
     * @throws io.sessions4j.SessionTooLargeException when the result is over {@code maxSessionBytes}
     */
    String write(CookieState cookie, Instant created, Map<String, JsonNode> data, Map<String, String> types,
            String principal) {
        String json;
        try {
            // Through an ObjectWriter: its text buffers are recycled, and one serializer provider serves every value.
            json = recordWriter.writeValueAsString(new Record(cookie, created, data, types, principal));
        } catch (StreamConstraintsException e) {
            throw new SessionTooLargeException("the session cannot be saved: " + e.getOriginalMessage()
                    + "; the stored session was left unchanged");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        limits.checkSize(json, data);
        return json;
    }

    /** The stored form of one session, as Jackson writes it. */
    private static final class Record extends JsonSerializable.Base {
        private final CookieState cookie;
        private final Instant created;
        private final Map<String, JsonNode> data;
        private final Map<String, String> types;
        private final String principal;

        Record(CookieState cookie, Instant created, Map<String, JsonNode> data, Map<String, String> types,
                String principal) {
            this.cookie = cookie;
            this.created = created;
            this.data = data;
            this.types = types;
            this.principal = principal;
        }

        @Override
        public void serialize(JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeFieldName(COOKIE_KEY);
            cookie.writeJson(gen);
            if (created != null || principal != null) {
                gen.writeFieldName(META_KEY);
                gen.writeStartObject();
                if (created != null) {
                    gen.writeNumberField(CREATED, created.toEpochMilli());
                    writeTypes(gen, data, types);
                }
                if (principal != null) {
                    gen.writeStringField(PRINCIPAL, principal);
                }
                gen.writeEndObject();
            }
            for (Map.Entry<String, JsonNode> e : data.entrySet()) {
                gen.writeFieldName(e.getKey());
                ((JsonSerializable) e.getValue()).serialize(gen, provider);
            }
            gen.writeEndObject();
        }

        @Override
        public void serializeWithType(JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
                throws IOException {
            serialize(gen, provider);
        }
    }

    /** Nobody's session. */
    String write(CookieState cookie, Instant created, Map<String, JsonNode> data, Map<String, String> types) {
        return write(cookie, created, data, types, null);
    }

    private static void writeTypes(JsonGenerator gen, Map<String, JsonNode> data, Map<String, String> types)
            throws IOException {
        boolean open = false;
        for (Map.Entry<String, String> t : types.entrySet()) {
            if (data.containsKey(t.getKey())) {
                if (!open) {
                    gen.writeFieldName(TYPES);
                    gen.writeStartObject();
                    open = true;
                }
                gen.writeStringField(t.getKey(), t.getValue());
            }
        }
        if (open) {
            gen.writeEndObject();
        }
    }

    /** Stored data that cannot be a session; {@link #overLimits()} when it is only too large for this configuration. */
    static final class CorruptSessionException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean overLimits;

        CorruptSessionException(String message, Throwable cause) {
            this(message, cause, false);
        }

        CorruptSessionException(String message, Throwable cause, boolean overLimits) {
            super(message, cause, false, false);
            this.overLimits = overLimits;
        }

        boolean overLimits() {
            return overLimits;
        }
    }

    private static String shortMessage(Exception e) {
        return e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage() : String.valueOf(e.getMessage());
    }
}
