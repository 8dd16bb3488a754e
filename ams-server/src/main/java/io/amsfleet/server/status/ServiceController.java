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

import java.util.List;

/** {@code GET /1.0}: the one request that needs no credentials. */
@Controller
public class ServiceController {
    static final List<String> EXTENSIONS = List.of("image_delete_dry_run", "image_batch_delete", "image_delete_if_match",
            "image_id_prefix_lookup", "image_name_prefix_filter");

    @Secured(SecurityRule.IS_ANONYMOUS)
    @Get("/1.0")
    public HttpResponse<Response<ServiceStatus>> status(HttpRequest<?> request) {
        var who = Identity.of(request);
        return HttpResponse.ok(Response.sync(new ServiceStatus("1.0", "stable", who.isPresent() ? "trusted" : "untrusted",
                List.of("bearer_token", "tls"), EXTENSIONS, who.map(Identity::name).orElse(null),
                who.map(i -> i.role().label()).orElse(null))));
    }
}
