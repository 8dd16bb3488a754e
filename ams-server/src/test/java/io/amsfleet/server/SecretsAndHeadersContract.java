package io.amsfleet.server;

import io.amsfleet.server.remote.ImageSync;
import io.amsfleet.server.remote.SimpleStreams;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.FixtureImageServer;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an attacker must not get: the image server's credentials, sent to no other host. */
public abstract class SecretsAndHeadersContract extends ServerTestBase {
    private static final String NAME = "jammy:android13:amd64";
    private static final String CREDENTIALS = "user:s3cret-password";

    @Inject
    ImageSync sync;
    @Inject
    SimpleStreams streams;
    private FixtureImageServer images;
    private FixtureImageServer elsewhere;

    @BeforeEach
    void imageServers() throws IOException {
        sql("DELETE FROM remote_tombstones", "DELETE FROM config");
        images = new FixtureImageServer();
        images.publish(NAME, "20261101", TestTarballs.image());
        images.requireBasicAuth(CREDENTIALS);
        elsewhere = new FixtureImageServer();
        elsewhere.publish(NAME, "20261101", TestTarballs.image());
        setConfig("images.url", images.url());
        setConfig("images.auth", CREDENTIALS);
    }

    @AfterEach
    void stopImageServers() {
        images.close();
        elsewhere.close();
    }

    private void setConfig(String name, String value) {
        Api.Reply set = api.patchJson("/1.0/config", "{\"name\":\"" + name + "\",\"value\":\"" + value + "\"}");
        assertThat(set.status()).as(set.toString()).isEqualTo(202);
    }

    // ---- A: the image server's credentials go to its origin only ----

    @Test
    void anIndexNamingProductsOnAnotherOriginNeverReceivesTheCredentials() {
        images.productsAt(elsewhere.url() + "streams/v1/images.json");
        sync.syncAll();
        assertThat(elsewhere.requestsWithAuthorization.get()).isZero();
    }

    @Test
    void productsOnAnotherOriginAreRefusedWithTheReasonAndNothingIsImported() {
        images.productsAt(elsewhere.url() + "streams/v1/images.json");
        ImageSync.Report report = sync.syncAll();
        assertThat(report.failures()).hasSize(1);
        assertThat(report.failures().values().iterator().next()).contains(elsewhere.url()).contains("origin");
        assertThat(elsewhere.requests.get()).as("not even asked").isZero();
        assertThat(imageExists(NAME)).isFalse();
    }

    @Test
    void productsOnTheImageServersOwnOriginAreStillRead() {
        images.productsAt(images.url() + "streams/v1/images.json");
        assertThat(sync.syncAll().imagesCreated()).isEqualTo(1);
    }

    @Test
    void theImageServerClientRefusesToOpenAnotherOriginWithTheCredentials() {
        assertThatThrownBy(() -> streams.open(images.url(), elsewhere.url() + "streams/v1/index.json", CREDENTIALS))
                .isInstanceOf(IOException.class).hasMessageContaining("origin");
        assertThat(elsewhere.requests.get()).isZero();
    }

    @Test
    void anImageServerAddressWithoutAHostIsRefused() {
        Api.Reply refused = api.patchJson("/1.0/config", "{\"name\":\"images.url\",\"value\":\"http:///streams\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(api.get("/1.0/config").metadata().path("config").path("images.url").asText()).isEqualTo(images.url());
    }
}
