package io.amsfleet.server.image;

import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.Race;
import io.amsfleet.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races that must never break the catalogue (SPEC §3): requests start together at a barrier, many
 * rounds over, and the outcome is checked through the API and in the database.
 */
public abstract class ConcurrencyContract extends ServerTestBase {
    private static final int ROUNDS = 25;

    private void assertCatalogueInvariants() {
        assertThat(sqlCount("SELECT COUNT(*) FROM images i WHERE NOT EXISTS"
                + " (SELECT 1 FROM image_versions v WHERE v.image_pk = i.pk)")).as("images without a version").isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM (SELECT type FROM images WHERE default_type IS NOT NULL"
                + " GROUP BY type HAVING COUNT(*) > 1) t")).as("types with two defaults").isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM application_versions av WHERE av.image_pk IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM image_versions v WHERE v.image_pk = av.image_pk AND v.version = av.image_version)"))
                .as("applications pinned to a deleted version").isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM image_versions v WHERE v.content_sha256 IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM content c WHERE c.sha256 = v.content_sha256)")).as("versions without content").isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM image_types t WHERE t.image_count <>"
                + " (SELECT COUNT(*) FROM images i WHERE i.type = t.type)")).as("type counters").isZero();
    }

    @Test
    void creatingAnApplicationOnAVersionWhileItIsDeletedNeverLeavesADanglingPin() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = upload(unique("img"));
            addVersion(id);
            String app = unique("app");
            List<Api.Reply> r = Race.of(List.of(
                    () -> api.postJson("/1.0/applications", "{\"name\":\"" + app + "\",\"image\":\"" + id
                            + "\",\"image_version\":0}"),
                    () -> api.delete("/1.0/images/" + id + "/0")));
            boolean created = r.get(0).status() == 202;
            boolean deleted = r.get(1).status() == 202;
            assertThat(created ^ deleted).as("exactly one wins: %s / %s", r.get(0), r.get(1)).isTrue();
            if (created) {
                assertThat(r.get(1).reason()).isEqualTo("version_in_use");
                assertThat(versionNumbers(id)).contains(0);
            } else {
                assertThat(r.get(0).reason()).isEqualTo("not_found");
            }
            assertCatalogueInvariants();
        }
    }

    @Test
    void twoDeletesOfTheTwoLastVersionsLeaveOneVersion() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = upload(unique("img"));
            addVersion(id);
            List<Api.Reply> r = Race.of(List.of(() -> api.delete("/1.0/images/" + id + "/0"),
                    () -> api.delete("/1.0/images/" + id + "/1")));
            long accepted = r.stream().filter(x -> x.status() == 202).count();
            assertThat(accepted).as("%s / %s", r.get(0), r.get(1)).isEqualTo(1);
            assertThat(r.stream().filter(x -> "last_version".equals(x.reason())).count()).isEqualTo(1);
            assertThat(versionNumbers(id)).hasSize(1);
            assertCatalogueInvariants();
        }
    }

    @Test
    void twoDefaultSwitchesLeaveExactlyOneDefault() throws Exception {
        upload(unique("first"));
        for (int round = 0; round < ROUNDS; round++) {
            String a = upload(unique("a"));
            String b = upload(unique("b"));
            List<Api.Reply> r = Race.of(List.of(() -> api.patchJson("/1.0/images/" + a, "{\"default\":true}"),
                    () -> api.patchJson("/1.0/images/" + b, "{\"default\":true}")));
            assertThat(r).allSatisfy(x -> assertThat(x.status()).as(x.toString()).isEqualTo(202));
            assertThat(api.get("/1.0/images?default=true&type=container").metadata()).hasSize(1);
            assertCatalogueInvariants();
        }
    }

    @Test
    void deletingTheDefaultWhileAnotherImageIsUploadedNeverLeavesTheTypeWithoutItsRule() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            clearCatalogue();
            String only = upload(unique("only"));
            String next = unique("next");
            List<Api.Reply> r = Race.of(List.of(() -> api.delete("/1.0/images/" + only),
                    () -> api.upload("POST", "/1.0/images/", io.amsfleet.server.support.TestTarballs.image(),
                            "X-AMS-Request", "{\"name\":\"" + next + "\"}")));
            assertThat(r.get(1).status()).as(r.get(1).toString()).isEqualTo(202);
            if (r.get(0).status() == 202) {
                assertThat(image(next).path("default").asBoolean()).as("the new only image is the default").isTrue();
            } else {
                assertThat(r.get(0).reason()).isEqualTo("image_is_default");
                assertThat(image(only).path("default").asBoolean()).isTrue();
            }
            assertCatalogueInvariants();
        }
    }

    @Test
    void manyClientsDeletingAndPinningAtOnceKeepEveryInvariant() throws Exception {
        String id = upload(unique("img"));
        for (int i = 0; i < 12; i++) {
            addVersion(id);
        }
        List<Callable<Api.Reply>> requests = new ArrayList<>();
        for (int v = 0; v <= 12; v++) {
            int version = v;
            requests.add(() -> api.delete("/1.0/images/" + id + "/" + version));
            if (v % 3 == 0) {
                requests.add(() -> api.postJson("/1.0/applications", "{\"name\":\"" + unique("app")
                        + "\",\"image\":\"" + id + "\",\"image_version\":" + version + "}"));
            }
        }
        List<Api.Reply> replies = Race.of(requests);
        assertThat(replies).allSatisfy(x -> assertThat(x.status()).as(x.toString()).isIn(202, 404, 409));
        assertThat(versionNumbers(id)).isNotEmpty();
        assertCatalogueInvariants();
    }
}
