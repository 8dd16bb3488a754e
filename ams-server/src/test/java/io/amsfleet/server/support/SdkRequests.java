package io.amsfleet.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The official AMS Go SDK's image, config, certificate, service and version calls, one method per
 * SDK method and named as it is, each sending what that method sends on the wire: the method, the
 * path ({@code APIPath}: {@code /1.0/…}, no trailing slash), the query ({@code url.Values.Encode}:
 * keys sorted, empty values kept as {@code key=}), the headers Go's {@code net/http} writes (its
 * {@code User-Agent}, {@code Content-Length} for a body of known length, {@code Transfer-Encoding:
 * chunked} for an upload's file, header names in Go's canonical case, {@code Accept-Encoding:
 * gzip}), a {@code Content-Type} only where the SDK sets one, and the body bytes of Go's
 * {@code json.Marshal} of the SDK's structs (fields in struct order, {@code null} for a nil
 * pointer, {@code omitempty} fields left out).
 *
 * <p>Written from reading the SDK's {@code pkg/ams/client} and {@code pkg/ams/shared/rest/client},
 * not copied. Authentication is the SDK's OIDC client's: {@code Authorization: Bearer}. The SDK
 * waits on operations through {@code /1.0/events} and refreshes them with {@code GET
 * /1.0/operations/{uuid}}; {@link #refreshUntilFinal} does the latter only.
 */
public final class SdkRequests {
    /** What Go's net/http sends when the client sets no User-Agent (the SDK sets none). */
    public static final String USER_AGENT = "Go-http-client/1.1";
    /** The SDK's {@code api.ImageTypeAny}. */
    public static final String IMAGE_TYPE_ANY = "";

    private final int port;
    private final String token;

    public SdkRequests(int port, String token) {
        this.port = port;
        this.token = token;
    }

    // ---- service and version ----

    public RawHttp.Reply retrieveServiceStatus() {
        return send("GET", "/1.0", Map.of(), Map.of(), null, false);
    }

    public RawHttp.Reply getVersion() {
        return send("GET", "/1.0/version", Map.of(), Map.of(), null, false);
    }

    // ---- images ----

    public RawHttp.Reply listImages() {
        return send("GET", "/1.0/images", Map.of("recursion", "1"), Map.of(), null, false);
    }

    public RawHttp.Reply retrieveDefaultImage() {
        return send("GET", "/1.0/images", Map.of("default", "true"), Map.of(), null, false);
    }

    public RawHttp.Reply retrieveImageByIDOrName(String id, String imageType) {
        return send("GET", "/1.0/images/" + id, Map.of("type", imageType), Map.of(), null, false);
    }

    /** {@code upload} with an {@code ImagesPost}: the file as a chunked octet-stream. */
    public RawHttp.Reply addImage(String name, byte[] tarball, boolean isDefault) {
        return upload("POST", "/1.0/images", tarball, imagesPost(name, "", isDefault, IMAGE_TYPE_ANY));
    }

    /** {@code upload} with an empty {@code ImagePatch}. */
    public RawHttp.Reply updateImage(String id, byte[] tarball) {
        return upload("PATCH", "/1.0/images/" + id, tarball, imagePatch(null, false));
    }

    public RawHttp.Reply importImage(String name, String path, boolean isDefault) {
        return importImageByType(name, path, IMAGE_TYPE_ANY, isDefault);
    }

    public RawHttp.Reply importImageByType(String name, String path, String imageType, boolean isDefault) {
        return send("POST", "/1.0/images", Map.of(), Map.of("Content-Type", "application/json"),
                imagesPost(name, path, isDefault, imageType), false);
    }

    /** The PATCH only; the SDK then waits on the operation. */
    public RawHttp.Reply setDefaultImage(String id) {
        return send("PATCH", "/1.0/images/" + id, Map.of(), Map.of("Content-Type", "application/json"),
                imagePatch(true, false), false);
    }

    /** The PATCH only; the SDK then waits on the operation. */
    public RawHttp.Reply triggerImageSync(String id) {
        return send("PATCH", "/1.0/images/" + id, Map.of(), Map.of("Content-Type", "application/json"),
                imagePatch(null, true), false);
    }

    /** The {@code ImageDelete} body goes without a Content-Type; the type always in the query. */
    public RawHttp.Reply deleteImageByIDOrName(String id, boolean force, String imageType) {
        return send("DELETE", "/1.0/images/" + id, Map.of("type", imageType), Map.of(),
                json(Api.JSON.createObjectNode().put("force", force)), false);
    }

    public RawHttp.Reply deleteImageVersion(String id, int version) {
        return send("DELETE", "/1.0/images/" + id + "/" + version, Map.of(), Map.of(), null, false);
    }

    // ---- config ----

    /** The {@code ConfigPost} body goes without a Content-Type; the SDK then waits on the operation. */
    public RawHttp.Reply setConfigItem(String name, String value) {
        return send("PATCH", "/1.0/config", Map.of(), Map.of(),
                json(Api.JSON.createObjectNode().put("name", name).put("value", value)), false);
    }

    public RawHttp.Reply retrieveConfigItems() {
        return send("GET", "/1.0/config", Map.of(), Map.of(), null, false);
    }

    // ---- certificates (pkg/ams/client, then the shared rest client's) ----

    public RawHttp.Reply listCertificates() {
        return send("GET", "/1.0/certificates", Map.of("recursion", "1"), Map.of(), null, false);
    }

    /** {@code CertificatesPost} without a Content-Type; {@code trust-password} is omitempty. */
    public RawHttp.Reply addCertificate(String base64Certificate, String trustPassword) {
        ObjectNode body = Api.JSON.createObjectNode().put("certificate", base64Certificate);
        if (!trustPassword.isEmpty()) {
            body.put("trust-password", trustPassword);
        }
        return send("POST", "/1.0/certificates", Map.of(), Map.of(), json(body), false);
    }

    /** The DELETE only; the SDK then waits on the operation. */
    public RawHttp.Reply deleteCertificate(String fingerprint) {
        return send("DELETE", "/1.0/certificates/" + fingerprint, Map.of(), Map.of(), null, false);
    }

    /** The shared rest client's RetrieveCertificate. */
    public RawHttp.Reply restRetrieveCertificate(String fingerprint) {
        return send("GET", "/1.0/certificates/" + fingerprint, Map.of(), Map.of(), null, false);
    }

    // ---- operations, as the SDK's operation.Refresh reads them ----

    /** {@code GET /1.0/operations/{uuid}} until the operation's status code is final (200 or 400+). */
    public JsonNode refreshUntilFinal(RawHttp.Reply started) {
        String uuid = started.json().path("metadata").path("id").asText();
        long until = System.currentTimeMillis() + 30_000;
        while (true) {
            RawHttp.Reply r = send("GET", "/1.0/operations/" + uuid, Map.of(), Map.of(), null, false);
            JsonNode op = r.json().path("metadata");
            int code = op.path("status_code").asInt();
            if (code == 200 || code >= 400 || System.currentTimeMillis() > until) {
                return op;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return op;
            }
        }
    }

    // ---- the SDK's structs, as json.Marshal writes them ----

    /** {@code api.ImagesPost}: name, path, default, type; {@code source} is omitempty. */
    public static byte[] imagesPost(String name, String path, boolean isDefault, String imageType) {
        ObjectNode n = Api.JSON.createObjectNode().put("name", name).put("path", path).put("default", isDefault)
                .put("type", imageType);
        return json(n);
    }

    /** {@code api.ImagePatch}: {@code default} is a pointer (null when nil), {@code force_sync} a bool. */
    public static byte[] imagePatch(Boolean isDefault, boolean forceSync) {
        ObjectNode n = Api.JSON.createObjectNode();
        if (isDefault == null) {
            n.putNull("default");
        } else {
            n.put("default", isDefault);
        }
        n.put("force_sync", forceSync);
        return json(n);
    }

    private static byte[] json(ObjectNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private RawHttp.Reply upload(String method, String path, byte[] file, byte[] request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/octet-stream");
        headers.put("X-Ams-Fingerprint", TestTarballs.sha256(file));
        headers.put("X-Ams-Request", new String(request, StandardCharsets.UTF_8));
        return send(method, path, Map.of(), headers, file, true);
    }

    /**
     * One request as Go's transport writes it: request line, Host, User-Agent, the body's length
     * (or chunked), the request's own headers in sorted order, Accept-Encoding.
     */
    public RawHttp.Reply send(String method, String path, Map<String, String> query, Map<String, String> headers,
                              byte[] body, boolean chunked) {
        StringBuilder target = new StringBuilder(path);
        if (!query.isEmpty()) {
            StringBuilder q = new StringBuilder();
            new TreeMap<>(query).forEach((k, v) -> q.append(q.length() == 0 ? "" : "&")
                    .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            target.append('?').append(q);
        }
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        byte[] wire = new byte[0];
        if (body != null && chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
            wire = chunk(body);
        } else if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
            wire = body;
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: 0\r\n");
        }
        Map<String, String> all = new TreeMap<>(headers);
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Accept-Encoding: gzip\r\n");
        return RawHttp.sendExactly(port, head.toString(), wire);
    }

    /** Go's chunked writer: a chunk per buffer the reader fills (32 KiB, as io.Copy's), then 0. */
    private static byte[] chunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 32 * 1024) {
            int n = Math.min(32 * 1024, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
