package io.amsfleet.server.web;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the dashboard's single page for each of its addresses ({@code /images/<id>} and so on),
 * so that they can be bookmarked and reloaded; its scripts and styles come as static resources.
 */
@Controller
public class DashboardController {
    private final byte[] page;

    public DashboardController(ResourceResolver resources) {
        try (InputStream in = resources.getResourceAsStream("classpath:web/index.html")
                .orElseThrow(() -> new IllegalStateException("the dashboard (web/index.html) is not packaged"))) {
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Secured(SecurityRule.IS_ANONYMOUS)
    @Get(uris = {"/", "/images", "/images/{id}", "/applications", "/applications/{id}", "/signin", "/audit", "/trash"})
    @Produces(MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        return HttpResponse.ok(page).header("Cache-Control", "no-cache");
    }
}
