package io.amsfleet.server.auth;

import io.amsfleet.model.RoleNames;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.Audited;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.amsfleet.model.Certificate;
import io.amsfleet.model.CertificatesPost;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Operation;
import io.amsfleet.model.Response;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.JsonBodies;
import io.amsfleet.server.api.Responses;
import io.amsfleet.server.api.Params;
import io.amsfleet.server.api.ClientAddress;
import io.amsfleet.model.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * {@code /1.0/certificates}: the trust store, managed by admins. A client that knows the trust
 * password ({@code AMS_TRUST_PASSWORD}) may add a certificate without other credentials, as AMS
 * clients register themselves.
 */
@Controller("/1.0/certificates")
@ExecuteOn(TaskExecutors.BLOCKING)
public class CertificateController {
    private final TrustStore trust;
    private final Access access;
    private final JsonBodies bodies;
    private final AuthSettings settings;
    private final FailedAuthentications failures;

    public CertificateController(TrustStore trust, Access access, JsonBodies bodies, AuthSettings settings,
                                 FailedAuthentications failures) {
        this.failures = failures;
        this.trust = trust;
        this.access = access;
        this.bodies = bodies;
        this.settings = settings;
    }

    @Secured(RoleNames.ADMIN)
    @Get
    public HttpResponse<Response<Object>> list(HttpRequest<?> request, @Nullable @QueryValue String recursion) {
        var all = trust.list();
        Object metadata = Params.integer("recursion", recursion, 0, 0) == 0
                ? all.stream().map(c -> "/1.0/certificates/" + c.fingerprint()).toList() : all;
        return HttpResponse.ok(Response.collection(metadata, all.size()));
    }

    @Secured(RoleNames.ADMIN)
    @Get("/{fingerprint}")
    public HttpResponse<Response<Certificate>> get(HttpRequest<?> request, @PathVariable String fingerprint) {
        return HttpResponse.ok(Response.sync(trust.get(fingerprint)));
    }

    @Secured(SecurityRule.IS_ANONYMOUS)
    @Audited(AuditAction.CERTIFICATE_ADD)
    @Post(consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Response<Certificate>> add(HttpRequest<?> request, @Nullable @Body String body) {
        CertificatesPost post = bodies.read(body, CertificatesPost.class);
        if (post == null) {
            throw ApiException.badRequest("a JSON body is required: {\"certificate\": \"<base64 DER>\"}");
        }
        boolean admin = Identity.of(request).map(i -> i.role().covers(Role.ADMIN)).orElse(false);
        String role = post.role();
        if (!admin) {
            checkTrustPassword(request, post.trustPassword());
            // The operator chooses what a self-registered client may do; the client may ask for less.
            Role most = Roles.parse(settings.trustPasswordRole());
            Role asked = role == null || role.isEmpty() ? most : Roles.parse(role);
            if (!most.covers(asked)) {
                throw new ApiException(ReasonCode.FORBIDDEN, "a certificate added with the trust password gets at most"
                        + " the " + most.label() + " role (AMS_TRUST_PASSWORD_ROLE); an admin can add it as " + asked.label(),
                        Map.of("required_role", Role.ADMIN.label(), "role", most.label()));
            }
            role = asked.label();
        }
        String certificate = post.certificate();
        if ((certificate == null || certificate.isBlank()) && request.getCertificate().isPresent()) {
            try {
                certificate = Base64.getEncoder().encodeToString(request.getCertificate().get().getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw ApiException.badRequest("the client certificate cannot be encoded");
            }
        }
        return HttpResponse.ok(Response.sync(trust.add(certificate, post.name(), role)));
    }

    /** Throttled per address and overall, so that the password cannot be guessed at the server's speed. */
    private void checkTrustPassword(HttpRequest<?> request, String given) {
        Runnable giveBack = failures.passwordAttempt(ClientAddress.of(request));
        String expected = settings.trustPassword();
        if (given != null && expected != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            giveBack.run();
            return;
        }
        if (Identity.of(request).isPresent()) {
            access.require(request, Role.ADMIN, "add trusted certificates");
        }
        throw new ApiException(ReasonCode.UNAUTHORIZED, expected == null
                ? "adding a certificate needs an admin token or certificate (no trust password is set)"
                : "wrong or missing trust-password", Map.of());
    }

    @Secured(RoleNames.ADMIN)
    @Audited(AuditAction.CERTIFICATE_REMOVE)
    @Delete(value = "/{fingerprint}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, "*/*"})
    public HttpResponse<Response<Operation>> remove(HttpRequest<?> request, @PathVariable String fingerprint) {
        return Responses.async(trust.remove(fingerprint));
    }
}
