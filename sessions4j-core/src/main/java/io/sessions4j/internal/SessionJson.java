package io.sessions4j.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored session format, express-session's {@code JSON.stringify(req.session)}:
 * {@code {"cookie":{...},"__sessions4j":{"created":...},...user keys...}}. The {@code __sessions4j} key
 * carries what express has no place for (the creation time, for the absolute timeout); express-session
 * treats it as ordinary data and keeps it.
 */
final class SessionJson {
    static final String COOKIE_KEY = "cookie";
    static final String META_KEY = "__sessions4j";

    private final ObjectMapper mapper;

    SessionJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The mapper used when the configuration gives none: java.time as ISO strings, lenient on unknown fields. */
    static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** A stored session, read. {@code created} is {@code null} when another implementation wrote it. */
    record Parsed(CookieState cookie, Instant created, Map<String, JsonNode> data) {
    }

    /**
     * @throws CorruptSessionException when the text is not a JSON object with a {@code cookie} object
     */
    Parsed parse(String json, Clock clock) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
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
        JsonNode meta = root.get(META_KEY);
        if (meta != null && meta.path("created").isNumber()) {
            created = Instant.ofEpochMilli(meta.get("created").asLong());
        }
        Map<String, JsonNode> data = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!COOKIE_KEY.equals(field.getKey()) && !META_KEY.equals(field.getKey())) {
                data.put(field.getKey(), field.getValue());
            }
        }
        return new Parsed(CookieState.fromJson(cookie, clock), created, data);
    }

    /** Writes the stored form; {@code created} null leaves out the {@code __sessions4j} key. */
    String write(CookieState cookie, Instant created, Map<String, JsonNode> data) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeFieldName(COOKIE_KEY);
            cookie.writeJson(gen);
            if (created != null) {
                gen.writeFieldName(META_KEY);
                gen.writeStartObject();
                gen.writeNumberField("created", created.toEpochMilli());
                gen.writeEndObject();
            }
            for (Map.Entry<String, JsonNode> e : data.entrySet()) {
                gen.writeFieldName(e.getKey());
                mapper.writeTree(gen, e.getValue());
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Stored data that cannot be a session. */
    static final class CorruptSessionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptSessionException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private static String shortMessage(Exception e) {
        return e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage() : String.valueOf(e.getMessage());
    }
}
