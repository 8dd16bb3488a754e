package io.amsfleet.server.metrics;

import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.ServerTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus endpoint (docs/operations.md): AMS's {@code ams_http_*} series with AMS's handler
 * labels, the product's own series following deletes, refusals and restores, labels that no
 * caller can multiply, and who may scrape.
 */
public abstract class MetricsContract extends ServerTestBase {
    static final String SCRAPE_TOKEN = "scrape-token-for-the-test";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Api scraper;

    @Override
    protected String trashRetention() {
        return "7d";
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = super.getProperties();
        props.put("ams.metrics-token", SCRAPE_TOKEN);
        return props;
    }

    @BeforeEach
    void scrapeToken() {
        clearCatalogue();
        scraper = api.withToken(SCRAPE_TOKEN);
    }

    /** One sample of a scrape: the series' name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private List<Sample> scrape() {
        // The catalogue's gauges are read at most once a second: wait that out, so that the scrape
        // shows what the requests before it did.
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        Api.Reply r = scraper.get("/internal/1.0/metrics");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/plain");
        List<Sample> samples = new ArrayList<>();
        for (String line : r.text().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new java.util.HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return samples;
    }

    /** The sum of the samples of this series whose labels include these (0 when there is none). */
    private static double value(List<Sample> samples, String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).mapToDouble(Sample::value).sum();
    }

    @Test
    void theSeriesFollowADeleteARefusalAndARestore() {
        String defaultImage = upload(unique("default"));
        String doomed = upload(unique("doomed"));
        List<Sample> before = scrape();
        assertThat(value(before, "ams_images", "type", "container")).isEqualTo(2);
        assertThat(value(before, "ams_image_versions", "type", "container")).isEqualTo(2);
        assertThat(value(before, "ams_image_bytes", "type", "container")).isPositive();

        Api.Reply deleted = api.delete("/1.0/images/" + doomed);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
        String trashId = deleted.metadata().path("metadata").path("trash_id").asText();
        List<Sample> afterDelete = scrape();
        assertThat(value(afterDelete, "ams_images", "type", "container")).isEqualTo(1);
        assertThat(value(afterDelete, "ams_trash_items", "kind", "image")).isEqualTo(1);
        assertThat(value(afterDelete, "ams_trash_bytes")).isPositive();
        assertThat(value(afterDelete, "ams_deletes_total", "action", "image.delete")
                - value(before, "ams_deletes_total", "action", "image.delete")).isEqualTo(1);
        assertThat(value(afterDelete, "ams_http_requests_total", "handler", "http_image_DELETE", "method", "delete",
                "code", "202") - value(before, "ams_http_requests_total", "handler", "http_image_DELETE", "code", "202"))
                .isEqualTo(1);

        Api.Reply refused = api.delete("/1.0/images/" + defaultImage + "/0");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.reason()).isEqualTo("last_version");
        List<Sample> afterRefusal = scrape();
        assertThat(value(afterRefusal, "ams_refusals_total", "reason", "last_version", "action", "image.version.delete")
                - value(afterDelete, "ams_refusals_total", "reason", "last_version")).isEqualTo(1);
        assertThat(value(afterRefusal, "ams_http_requests_total", "handler", "http_image_version_DELETE", "code", "409")
                - value(afterDelete, "ams_http_requests_total", "handler", "http_image_version_DELETE", "code", "409"))
                .isEqualTo(1);
        assertThat(value(afterRefusal, "ams_images", "type", "container")).isEqualTo(1);

        Api.Reply restored = api.postJson("/1.0/trash/" + trashId + "/restore", "{}");
        assertThat(restored.status()).as(restored.toString()).isEqualTo(202);
        List<Sample> afterRestore = scrape();
        assertThat(value(afterRestore, "ams_images", "type", "container")).isEqualTo(2);
        assertThat(value(afterRestore, "ams_trash_items", "kind", "image")).isZero();
        assertThat(value(afterRestore, "ams_restores_total") - value(afterRefusal, "ams_restores_total")).isEqualTo(1);
        assertThat(value(afterRestore, "ams_http_requests_total", "handler", "http_trash_restore_POST", "code", "202"))
                .isPositive();
    }

    @Test
    void aVersionDeleteHasAmsHandlerLabels() {
        upload(unique("default"));
        String image = upload(unique("versions"));
        int v = addVersion(image);
        List<Sample> before = scrape();
        assertThat(api.delete("/1.0/images/" + image + "/" + v).status()).isEqualTo(202);
        api.get("/1.0/images");
        List<Sample> after = scrape();
        assertThat(value(after, "ams_http_request_duration_seconds_count", "handler", "http_image_version_DELETE")
                - value(before, "ams_http_request_duration_seconds_count", "handler", "http_image_version_DELETE"))
                .isEqualTo(1);
        assertThat(value(after, "ams_http_requests_total", "handler", "http_images_GET", "method", "get", "code", "200")
                - value(before, "ams_http_requests_total", "handler", "http_images_GET", "code", "200")).isEqualTo(1);
        assertThat(value(after, "ams_deletes_total", "action", "image.version.delete")
                - value(before, "ams_deletes_total", "action", "image.version.delete")).isEqualTo(1);
    }

    @Test
    void noLabelCarriesWhatACallerSent() {
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        api.get("/1.0/images/" + marker);
        api.delete("/1.0/images/" + marker + "/7");
        api.get("/no/such/" + marker);
        api.get("/1.0/applications/" + marker);
        api.withToken(marker).get("/1.0/images");
        List<Sample> samples = scrape();
        assertThat(samples).allSatisfy(s -> assertThat(s.labels().values()).noneMatch(v -> v.contains(marker)));
        assertThat(samples.stream().filter(s -> s.labels().containsKey("handler")).map(s -> s.labels().get("handler")))
                .allMatch(h -> h.matches("https?_[a-z_]+_[A-Z]+"))
                .contains("http_unknown_GET", "http_image_GET", "http_application_GET");
        assertThat(value(samples, "ams_refusals_total", "reason", "not_found", "action", "image.version.delete"))
                .isPositive();
    }

    @Test
    void theScrapeTokenReadsTheMetricsAndNothingElse() {
        assertThat(api.withToken(null).get("/internal/1.0/metrics").status()).isEqualTo(401);
        assertThat(api.withToken("not-the-scrape-token").get("/internal/1.0/metrics").status()).isEqualTo(401);
        Api.Reply elsewhere = scraper.get("/1.0/images");
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(403);
        assertThat(elsewhere.reason()).isEqualTo("forbidden");
        assertThat(scraper.delete("/1.0/images/anything").status()).isEqualTo(403);
        Api.Reply token = api.postJson("/1.0/tokens", "{\"name\":\"metrics-viewer\",\"role\":\"viewer\"}");
        Api viewer = api.withToken(token.metadata().path("token").asText());
        assertThat(viewer.get("/internal/1.0/metrics").status()).isEqualTo(200);
        sql("DELETE FROM tokens WHERE name = 'metrics-viewer'");
    }

    @Test
    void thePoolTheJvmAndTheBackgroundJobsAreThere() {
        List<Sample> samples = scrape();
        assertThat(samples).extracting(Sample::name).contains("hikaricp_connections_active",
                "hikaricp_connections_max", "jvm_memory_used_bytes", "ams_events_listeners",
                "ams_content_awaiting_collection", "ams_content_collection_lag_seconds", "ams_http_in_flight_requests",
                "ams_ready");
        assertThat(samples.stream().filter(s -> s.name().equals("ams_operations")).map(s -> s.labels().get("state")))
                .contains("success", "failure", "running");
    }
}
