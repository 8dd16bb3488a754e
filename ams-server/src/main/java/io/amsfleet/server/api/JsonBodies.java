package io.amsfleet.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.inject.Singleton;

/**
 * Reads what clients send as JSON — request bodies and the {@code X-AMS-Request} header — into
 * the shared API records, strictly: a duplicate key, a value of the wrong JSON type or anything
 * after the document is a 400 that changes nothing.
 *
 * <p>Jackson databind rather than Micronaut Serde, which answers the responses: Serde reads
 * leniently ({@code "force":"yes"} as true, {@code "role":["admin"]} as {@code "admin"}, the first
 * of two equal keys), and what it lets through a client can use to say something other than what
 * a reviewer of the request reads. Unknown fields stay ignored: AMS clients send fields this
 * server has no use for (docs/decisions.md).
 */
@Singleton
public class JsonBodies {
    private static final ObjectMapper STRICT = strictMapper();

    private static ObjectMapper strictMapper() {
        ObjectMapper m = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean, CoercionInputShape.Array, CoercionInputShape.Object}) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        m.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return m;
    }

    /** What JSON bodies may weigh: the same as the server's buffer limit for bodies it reads whole. */
    static final int MAX_BODY_BYTES = 1 << 20;

    /** A JSON body that arrived as a stream (on a route that also takes tarballs), read whole but bounded. */
    public static String text(java.io.InputStream body) {
        if (body == null) {
            return null;
        }
        try (body) {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiException(io.amsfleet.model.ReasonCode.PAYLOAD_TOO_LARGE, "a JSON body is limited to "
                        + MAX_BODY_BYTES + " bytes");
            }
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("the request body could not be read: " + e.getMessage());
        }
    }

    /** The body as {@code type}, or null when there is none. */
    public <T> T read(String body, Class<T> type) {
        return read(body, type, "the request body");
    }

    /** Like {@link #read(String, Class)}, naming {@code what} (a header, say) in the error. */
    public <T> T read(String text, Class<T> type, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return STRICT.readValue(text, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw ApiException.badRequest(what + " is not valid JSON for this request: " + describe(e));
        }
    }

    /**
     * Plain data (maps, lists, scalars, as a safe YAML loader gives them) as {@code type}, by the
     * same strict rules as a JSON body; refused with {@code reason}, naming {@code what} and the field.
     */
    public <T> T convert(Object value, Class<T> type, String what, io.amsfleet.model.ReasonCode reason) {
        try {
            return STRICT.readValue(STRICT.writeValueAsString(value), type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new ApiException(reason, what + " is not valid: " + describe(e));
        }
    }

    /** One line that says what was wrong and where, without Java class names. */
    private static String describe(Exception e) {
        String field = "";
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var ref : mismatch.getPath()) {
                path.append(ref.getFieldName() != null ? (path.length() == 0 ? "" : ".") + ref.getFieldName()
                        : "[" + ref.getIndex() + "]");
            }
            field = "field " + path + ": ";
        }
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            m = "unreadable";
        }
        m = m.replaceAll("\\([^)]*\\b(class|type) [a-z]+(\\.[A-Za-z0-9_$]+)+[^)]*\\)", "")
                .replaceAll("`[a-z]+(\\.[A-Za-z0-9_$]+)+`", "a value").replaceAll("\\s+", " ").trim();
        int nl = m.indexOf('\n');
        m = nl > 0 ? m.substring(0, nl) : m;
        m = field + m;
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
