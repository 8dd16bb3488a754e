package io.amsfleet.server.status;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.amsfleet.model.Response;
import io.amsfleet.model.ServiceStatus;
import io.amsfleet.server.auth.Identity;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** {@code GET /1.0} and {@code GET /1.0/version}: the requests that need no credentials. */
@Controller
public class ServiceController {
    /** The build's version (Maven's project version), as AMS answers its own release. */
    static final String VERSION = buildVersion();

    @Secured(SecurityRule.IS_ANONYMOUS)
    @Get("/1.0")
    public HttpResponse<Response<ServiceStatus>> status(HttpRequest<?> request) {
        var who = Identity.of(request);
        return HttpResponse.ok(Response.sync(new ServiceStatus("1.0", "stable", who.isPresent() ? "trusted" : "untrusted",
                List.of("bearer_token", "tls"), ApiExtensions.names(), who.map(Identity::name).orElse(null),
                who.map(i -> i.role().label()).orElse(null))));
    }

    /** AMS's {@code VersionResponse}: the running service's version. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Get("/1.0/version")
    public HttpResponse<Response<Map<String, String>>> version() {
        return HttpResponse.ok(Response.sync(Map.of("version", VERSION)));
    }

    private static String buildVersion() {
        Properties p = new Properties();
        try (InputStream in = ServiceController.class.getResourceAsStream("/ams-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable file is a broken build; the version is then unknown, not fatal
        }
        return p.getProperty("version", "unknown");
    }
}
