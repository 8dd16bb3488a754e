package io.amsfleet.server.application;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.Race;
import io.amsfleet.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application changes racing image uploads on the same image. An upload locks the image and then
 * updates the applications built on it (automatic updates); an application change must take the
 * image before the application too, or the two deadlock (docs/applications.md, "Locks").
 */
public abstract class ApplicationConcurrencyContract extends ServerTestBase {
    private static final int APPS = 4;
    private static final int ROUNDS = 12;

    private JsonNode app(String id) {
        Api.Reply r = api.get("/1.0/applications/" + id);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.metadata();
    }

    @Test
    void applicationUpdatesRacingUploadsToTheirImageNeitherDeadlockNorLoseAVersion() throws Exception {
        sql("DELETE FROM config");
        assertThat(api.patchJson("/1.0/config", "{\"name\":\"application.max_published_versions\",\"value\":\"9999\"}")
                .status()).isBetween(200, 202);
        String image = upload(unique("base"));
        List<String> apps = new ArrayList<>();
        for (int i = 0; i < APPS; i++) {
            apps.add(createApp(unique("app"), image, null));
        }
        long deadlocksBefore = tx.deadlocksSeen();
        int newestImageVersion = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String feature = "round-" + round;
            List<Callable<Api.Reply>> requests = new ArrayList<>();
            requests.add(() -> api.upload("PATCH", "/1.0/images/" + image,
                    io.amsfleet.server.support.TestTarballs.image()));
            for (String app : apps) {
                requests.add(() -> api.patchJson("/1.0/applications/" + app,
                        "{\"features\":[\"" + feature + "\"]}"));
            }
            List<Api.Reply> replies = Race.of(requests);
            for (Api.Reply r : replies) {
                assertThat(r.status()).as("round %d: %s", round, r).isEqualTo(202);
            }
            newestImageVersion = replies.get(0).metadata().path("metadata").path("version").asInt();
        }
        assertThat(tx.deadlocksSeen() - deadlocksBefore).as("deadlocks the database broke").isZero();
        // Each round gives each application two versions, whichever goes first: its own update, and
        // the automatic one (on the new image version, before the update or after it).
        for (String id : apps) {
            JsonNode app = app(id);
            List<Integer> numbers = new ArrayList<>();
            app.path("versions").forEach(v -> numbers.add(v.path("number").asInt()));
            assertThat(numbers).as("versions of %s", id)
                    .containsExactlyElementsOf(IntStream.rangeClosed(0, 2 * ROUNDS).boxed().toList());
            JsonNode newest = app.path("versions").get(2 * ROUNDS);
            assertThat(newest.path("parent_image_version").asInt()).isEqualTo(newestImageVersion);
            assertThat(newest.path("features").toString()).contains("round-" + (ROUNDS - 1));
        }
        assertThat(sqlCount("SELECT COUNT(*) FROM application_versions av WHERE av.image_pk IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM image_versions v WHERE v.image_pk = av.image_pk AND v.version = av.image_version)"))
                .as("pins on missing image versions").isZero();
    }
}
