package io.amsfleet.server.auth;

import io.amsfleet.model.RoleNames;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.Audited;
import io.micronaut.security.annotation.Secured;
import io.amsfleet.model.Response;
import io.amsfleet.model.Token;
import io.amsfleet.model.TokensPost;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.JsonBodies;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.Map;

/** {@code /1.0/tokens}: admin only. */
@Controller("/1.0/tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TokenController {
    private final TokenService tokens;
    private final Access access;
    private final JsonBodies bodies;

    public TokenController(TokenService tokens, Access access, JsonBodies bodies) {
        this.tokens = tokens;
        this.access = access;
        this.bodies = bodies;
    }

    @Secured(RoleNames.ADMIN)
    @Get
    public HttpResponse<Response<List<Token>>> list(HttpRequest<?> request) {
        return HttpResponse.ok(Response.sync(tokens.list()));
    }

    @Secured(RoleNames.ADMIN)
    @Audited(AuditAction.TOKEN_CREATE)
    @Post(consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Response<Token>> create(HttpRequest<?> request, @Nullable @Body String body) {
        TokensPost post = bodies.read(body, TokensPost.class);
        if (post == null) {
            throw ApiException.badRequest("a JSON body is required: {\"name\": \"ci\", \"role\": \"viewer\"}");
        }
        return HttpResponse.ok(Response.sync(tokens.create(post.name(), post.role())));
    }

    @Secured(RoleNames.ADMIN)
    @Audited(AuditAction.TOKEN_REVOKE)
    @Delete(value = "/{name}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, "*/*"})
    public HttpResponse<Response<Map<String, Object>>> revoke(HttpRequest<?> request, @PathVariable String name) {
        tokens.revoke(name);
        return HttpResponse.ok(Response.sync(Map.of("name", name, "revoked", true)));
    }
}
