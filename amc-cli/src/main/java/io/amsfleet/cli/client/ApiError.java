package io.amsfleet.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.amsfleet.cli.CommandFailure;

import java.net.URI;

/**
 * The server refused a request: an AMS error envelope. {@link #getMessage()} is the server's own
 * message; {@link #reason()} its {@code metadata.reason} (a SPEC §3 code such as
 * {@code image_in_use}) and {@link #details()} the rest of {@code metadata}.
 */
public class ApiError extends CommandFailure {
    private final URI server;
    private final int status;
    private final String reason;
    private final JsonNode details;

    public ApiError(URI server, int status, String reason, String message, JsonNode details) {
        super(message);
        this.server = server;
        this.status = status;
        this.reason = reason;
        this.details = details == null ? MissingNode.getInstance() : details;
    }

    /** The server's address, for messages about the connection. */
    public URI server() {
        return server;
    }

    public int status() {
        return status;
    }

    /** The reason code; never null ({@code unknown} when the server gave none). */
    public String reason() {
        return reason;
    }

    /** {@code metadata} of the error envelope, including {@code reason}; a missing node when absent. */
    public JsonNode details() {
        return details;
    }
}
