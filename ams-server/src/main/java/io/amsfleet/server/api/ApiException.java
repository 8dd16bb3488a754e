package io.amsfleet.server.api;

import io.amsfleet.model.ReasonCode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one way the server refuses a request: a SPEC reason code, a message for a person and the
 * details a client needs ({@code metadata} of the error envelope, next to {@code reason}).
 */
public class ApiException extends RuntimeException {
    private final ReasonCode reason;
    private final int httpStatus;
    private final Map<String, Object> details;

    public ApiException(ReasonCode reason, String message) {
        this(reason, reason.httpStatus(), message, Map.of());
    }

    public ApiException(ReasonCode reason, String message, Map<String, Object> details) {
        this(reason, reason.httpStatus(), message, details);
    }

    public ApiException(ReasonCode reason, int httpStatus, String message, Map<String, Object> details) {
        super(printable(message), null, false, false);
        this.reason = reason;
        this.httpStatus = httpStatus;
        this.details = details;
    }

    /**
     * Messages often repeat what the client sent (a name, a path): keep them to one readable line
     * of bounded length, so that hostile input cannot forge log lines or flood a terminal.
     */
    static String printable(String message) {
        if (message == null) {
            return "";
        }
        String oneLine = message.replaceAll("[\\p{Cntrl}&&[^\t]]", "?");
        return oneLine.length() > 1000 ? oneLine.substring(0, 1000) + "…" : oneLine;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(ReasonCode.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ReasonCode.NOT_FOUND, message);
    }

    public ReasonCode reason() {
        return reason;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The error envelope's metadata: {@code reason} first, then the details. */
    public Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", reason.code());
        m.putAll(details);
        return m;
    }
}
