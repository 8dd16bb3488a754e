package io.amsfleet.server.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.status.ApiExtensions;
import io.amsfleet.server.support.AmsSchema;
import io.amsfleet.server.support.FixtureImageServer;
import io.amsfleet.server.support.RawHttp;
import io.amsfleet.server.support.SdkRequests;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import io.amsfleet.server.tls.ServerCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every image, config, certificate, service and version call of the official AMS Go SDK, sent as
 * the SDK sends it ({@link SdkRequests}), answered in the shapes and field names the SDK decodes:
 * {@code type}, {@code error}, {@code metadata}, and AMS's structs inside.
 */
@ExtendWith(AmsSchema.SkipReport.class)
public abstract class SdkCallsContract extends ServerTestBase {
    private static final String REMOTE = "jammy:android13:amd64";
    private SdkRequests sdk;
    private FixtureImageServer imageServer;

    @BeforeEach
    void sdkClient() {
        sdk = new SdkRequests(server.getPort(), ADMIN_TOKEN);
        sql("DELETE FROM remote_tombstones", "DELETE FROM config");
    }

    @AfterEach
    void stopImageServer() {
        if (imageServer != null) {
            imageServer.close();
        }
    }

    /** What the SDK's parseResponse accepts: JSON whose type is not "error". */
    private static JsonNode sync(RawHttp.Reply r) {
        assertThat(r.json()).as("an api.Response: %s", r).isNotNull();
        assertThat(r.json().path("type").asText()).as(r.toString()).isEqualTo("sync");
        return r.json().path("metadata");
    }

    /** What QueryOperation accepts: an async response whose metadata is an api.Operation. */
    private static JsonNode async(RawHttp.Reply r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().path("type").asText()).isEqualTo("async");
        JsonNode op = r.json().path("metadata");
        assertThat(op.path("id").asText()).isNotEmpty();
        assertThat(AmsSchema.problems("Operation", op)).isEmpty();
        return op;
    }

    /** What the SDK shows for a refusal: the envelope's error, with type "error". */
    private static void refused(RawHttp.Reply r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().path("type").asText()).isEqualTo("error");
        assertThat(r.json().path("error_code").asInt()).isEqualTo(status);
        assertThat(r.json().path("error").asText()).isNotBlank();
    }

    /**
     * For the calls in which the SDK itself waits (SetDefaultImage, SetConfigItem, DeleteCertificate):
     * Wait returns at once when the operation it was given is final, and needs /1.0/events otherwise.
     */
    private static void finalAtOnce(RawHttp.Reply started) {
        assertThat(async(started).path("status_code").asInt()).as("final in the 202: %s", started).isEqualTo(200);
    }

    private JsonNode succeeded(RawHttp.Reply started) {
        async(started);
        JsonNode op = sdk.refreshUntilFinal(started);
        assertThat(op.path("status_code").asInt()).as(op.toString()).isEqualTo(200);
        assertThat(op.path("err").asText()).isEmpty();
        return op;
    }

    private void useImageServer() throws Exception {
        imageServer = new FixtureImageServer();
        imageServer.publish(REMOTE, "20261101", TestTarballs.image());
        imageServer.publish(REMOTE, "20261201", TestTarballs.image());
        succeeded(sdk.setConfigItem("images.url", imageServer.url()));
    }

    // ---- service and version ----

    @Test
    void retrieveServiceStatusAdvertisesExactlyTheExtensionsThisServerKeeps() {
        JsonNode status = sync(sdk.retrieveServiceStatus());
        List<String> advertised = new ArrayList<>();
        status.path("api_extensions").forEach(e -> advertised.add(e.asText()));
        assertThat(advertised).containsExactlyElementsOf(ApiExtensions.names());
        assertThat(status.path("api_version").asText()).isEqualTo("1.0");
        assertThat(status.path("api_status").asText()).isEqualTo("stable");
        assertThat(status.path("auth").asText()).isEqualTo("trusted");
        assertThat(status.path("auth_methods").isArray()).isTrue();
    }

    @Test
    void getVersionAnswersAVersionString() {
        assertThat(sync(sdk.getVersion()).path("version").asText()).isNotBlank();
    }

    // ---- images ----

    @Test
    void addImageUploadsTheChunkedFileWithItsFingerprintAndTheOperationSucceeds() {
        byte[] tarball = TestTarballs.image();
        RawHttp.Reply started = sdk.addImage("sdk-added", tarball, false);
        succeeded(started);
        JsonNode image = sync(sdk.retrieveImageByIDOrName("sdk-added", SdkRequests.IMAGE_TYPE_ANY));
        assertThat(image.path("versions").get(0).path("fingerprint").asText()).isEqualTo(TestTarballs.sha256(tarball));
        assertThat(image.path("type").asText()).isEqualTo("container");
    }

    @Test
    void listImagesDecodesAsImageObjectsWithTheSdkFieldNames() {
        upload("sdk-listed");
        JsonNode list = sync(sdk.listImages());
        assertThat(list.isArray()).isTrue();
        JsonNode image = list.get(0);
        for (String field : List.of("id", "name", "versions", "status_code", "status", "used_by", "immutable",
                "default", "architecture", "type", "variant")) {
            assertThat(image.has(field)).as("Image.%s in %s", field, image).isTrue();
        }
        // remote_id and error_message are left out when empty: Go decodes an absent field as "".
        for (String field : List.of("version", "fingerprint", "size", "created_at", "status_code", "status")) {
            assertThat(image.path("versions").get(0).has(field)).as("ImageVersion.%s", field).isTrue();
        }
        assertThat(AmsSchema.problems("Image", image)).isEmpty();
    }

    @Test
    void retrieveDefaultImageAnswersAListOfExactlyOneImageObject() {
        String first = upload("sdk-first");
        upload("sdk-second");
        JsonNode list = sync(sdk.retrieveDefaultImage());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("id").asText()).isEqualTo(first);
        assertThat(list.get(0).path("default").asBoolean()).isTrue();
    }

    @Test
    void retrieveDefaultImageWithAContainerAndAVmDefaultAnswersTheContainerOne() {
        String container = upload("sdk-default-c");
        upload("sdk-default-v", "type", "\"vm\"");
        JsonNode list = sync(sdk.retrieveDefaultImage());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("id").asText()).isEqualTo(container);
        assertThat(api.get("/1.0/images?recursion=1&default=true").metadata()).hasSize(2);
    }

    @Test
    void retrieveImageByIdOrNameWithTheAnyTypeFindsContainersAndVmsByName() {
        String container = upload("sdk-c");
        String vm = upload("sdk-v", "type", "\"vm\"");
        assertThat(sync(sdk.retrieveImageByIDOrName("sdk-c", SdkRequests.IMAGE_TYPE_ANY)).path("id").asText())
                .isEqualTo(container);
        assertThat(sync(sdk.retrieveImageByIDOrName("sdk-v", SdkRequests.IMAGE_TYPE_ANY)).path("id").asText())
                .isEqualTo(vm);
        assertThat(sync(sdk.retrieveImageByIDOrName(vm, SdkRequests.IMAGE_TYPE_ANY)).path("type").asText())
                .isEqualTo("vm");
        assertThat(sync(sdk.retrieveImageByIDOrName("sdk-v", "vm")).path("id").asText()).isEqualTo(vm);
        assertThat(sync(sdk.retrieveImageByIDOrName("sdk-v", "any")).path("id").asText()).as("amc's any").isEqualTo(vm);
        refused(sdk.retrieveImageByIDOrName("sdk-v", "container"), 404);
        RawHttp.Reply tagged = sdk.retrieveImageByIDOrName(container, SdkRequests.IMAGE_TYPE_ANY);
        assertThat(tagged.headers().get("etag")).as("the SDK returns the ETag").isNotBlank();
    }

    @Test
    void updateImageUploadsTheNextVersion() {
        String id = upload("sdk-updated");
        RawHttp.Reply started = sdk.updateImage(id, TestTarballs.image());
        assertThat(async(started).path("metadata").path("version").asInt()).isEqualTo(1);
        succeeded(started);
        assertThat(versionNumbers(id)).containsExactly(0, 1);
    }

    @Test
    void anUploadWhoseXAmsRequestIsEmptyAsTheSdkSendsItWithoutDetailsAddsAVersion() {
        String id = upload("sdk-no-details");
        byte[] tarball = TestTarballs.image();
        RawHttp.Reply started = sdk.send("PATCH", "/1.0/images/" + id, java.util.Map.of(), java.util.Map.of(
                "Content-Type", "application/octet-stream", "X-Ams-Fingerprint", TestTarballs.sha256(tarball),
                "X-Ams-Request", ""), tarball, true);
        succeeded(started);
        assertThat(versionNumbers(id)).containsExactly(0, 1);
    }

    @Test
    void setDefaultImageMakesItTheDefault() {
        upload("sdk-old-default");
        String next = upload("sdk-new-default");
        RawHttp.Reply started = sdk.setDefaultImage(next);
        finalAtOnce(started);
        succeeded(started);
        assertThat(sync(sdk.retrieveDefaultImage()).get(0).path("id").asText()).isEqualTo(next);
    }

    @Test
    void deleteImageVersionRemovesThatVersion() {
        String id = upload("sdk-versions");
        addVersion(id);
        succeeded(sdk.deleteImageVersion(id, 0));
        assertThat(versionNumbers(id)).containsExactly(1);
    }

    @Test
    void deleteImageByIdOrNameSendsItsBodyWithoutAContentTypeAndTheTypeInTheQuery() {
        upload("sdk-keep");
        String id = upload("sdk-gone");
        succeeded(sdk.deleteImageByIDOrName("sdk-gone", false, SdkRequests.IMAGE_TYPE_ANY));
        assertThat(imageExists(id)).isFalse();
        upload("sdk-keep-vm", "type", "\"vm\"");
        String vm = upload("sdk-gone-vm", "type", "\"vm\"");
        succeeded(sdk.deleteImageByIDOrName("sdk-gone-vm", false, "vm"));
        assertThat(imageExists(vm)).isFalse();
    }

    @Test
    void aRefusedImageDeleteIsAnErrorEnvelopeTheSdkShows() {
        String theDefault = upload("sdk-default");
        upload("sdk-other");
        RawHttp.Reply r = sdk.deleteImageByIDOrName(theDefault, false, SdkRequests.IMAGE_TYPE_ANY);
        refused(r, 409);
        assertThat(r.reason()).isEqualTo("image_is_default");
    }

    @Test
    void everyRefusalOnAnImageCallIsAnErrorEnvelopeTheSdkShows() {
        String id = upload("sdk-refusals");
        byte[] tarball = TestTarballs.image();
        refused(sdk.retrieveImageByIDOrName("sdk-nothing", SdkRequests.IMAGE_TYPE_ANY), 404);
        refused(sdk.retrieveImageByIDOrName(id, "lxc"), 400);
        refused(sdk.deleteImageByIDOrName("sdk-nothing", false, SdkRequests.IMAGE_TYPE_ANY), 404);
        refused(sdk.deleteImageVersion(id, 7), 404);
        refused(sdk.updateImage("sdk-nothing", tarball), 404);
        refused(sdk.setDefaultImage("sdk-nothing"), 404);
        refused(sdk.triggerImageSync(id), 400);
        refused(sdk.addImage("sdk-refusals", tarball, false), 409);
        refused(sdk.importImage("sdk-no-server", REMOTE, false), 400);
        refused(new SdkRequests(server.getPort(), null).listImages(), 401);
        refused(new SdkRequests(server.getPort(), "not-a-token").retrieveDefaultImage(), 401);
        assertThat(versionNumbers(id)).containsExactly(0);
    }

    @Test
    void aChunkedUploadWhoseFingerprintDoesNotMatchIsRefused() {
        RawHttp.Reply r = sdk.send("POST", "/1.0/images", java.util.Map.of(), java.util.Map.of(
                "Content-Type", "application/octet-stream", "X-Ams-Fingerprint", "0".repeat(64),
                "X-Ams-Request", new String(SdkRequests.imagesPost("sdk-lied", "", false, ""))),
                TestTarballs.image(), true);
        refused(r, 400);
        assertThat(r.reason()).isEqualTo("fingerprint_mismatch");
        assertThat(imageExists("sdk-lied")).isFalse();
    }

    // ---- import from the image server by path ----

    @Test
    void importImageByPathDownloadsTheNewestReleaseInARunningOperation() throws Exception {
        useImageServer();
        RawHttp.Reply started = sdk.importImage("sdk-imported", REMOTE, false);
        assertThat(async(started).path("status").asText()).isIn("Running", "Success");
        succeeded(started);
        JsonNode image = sync(sdk.retrieveImageByIDOrName("sdk-imported", SdkRequests.IMAGE_TYPE_ANY));
        assertThat(image.path("immutable").asBoolean()).isTrue();
        assertThat(image.path("versions")).hasSize(1);
        assertThat(image.path("versions").get(0).path("remote_id").asText()).isEqualTo("20261201");
        assertThat(image.path("versions").get(0).path("status").asText()).isEqualTo("active");
        assertThat(blobExists(image.path("versions").get(0).path("fingerprint").asText())).isTrue();
    }

    @Test
    void importImageByPathTakesAReleaseAfterAnAt() throws Exception {
        useImageServer();
        succeeded(sdk.importImage("sdk-older", REMOTE + "@20261101", false));
        assertThat(sync(sdk.retrieveImageByIDOrName("sdk-older", "")).path("versions").get(0).path("remote_id")
                .asText()).isEqualTo("20261101");
    }

    @Test
    void importImageByTypeImportsOnlyThatType() throws Exception {
        useImageServer();
        refused(sdk.importImageByType("sdk-vm", REMOTE, "vm", false), 404);
        succeeded(sdk.importImageByType("sdk-ct", REMOTE, "container", false));
        assertThat(imageExists("sdk-ct")).isTrue();
    }

    @Test
    void importImageWithTheAnyTypeImportsEveryTypeOfThatNameInOneOperation() throws Exception {
        useImageServer();
        imageServer.publishAs("noble:android15:amd64:ct", "noble:android15:amd64", "container", "1", TestTarballs.image());
        imageServer.publishAs("noble:android15:amd64:vm", "noble:android15:amd64", "vm", "1", TestTarballs.image());
        RawHttp.Reply started = sdk.importImage("sdk-both-types", "noble:android15:amd64", false);
        assertThat(async(started).path("resources").path("images")).hasSize(2);
        succeeded(started);
        assertThat(sync(sdk.retrieveImageByIDOrName("sdk-both-types", "container")).path("versions").get(0)
                .path("status").asText()).isEqualTo("active");
        assertThat(sync(sdk.retrieveImageByIDOrName("sdk-both-types", "vm")).path("versions").get(0)
                .path("status").asText()).isEqualTo("active");
    }

    @Test
    void anImportPathIsCheckedAsAStrangersInput() throws Exception {
        useImageServer();
        for (String path : List.of("../streams/v1/index.json", "/etc/passwd", "images/x/image.tar.gz",
                REMOTE + "@../../x", "a b", "x".repeat(300), REMOTE + "@", "@20261101", "http://elsewhere/x")) {
            RawHttp.Reply r = sdk.importImage("sdk-bad", path, false);
            refused(r, 400);
        }
        assertThat(imageExists("sdk-bad")).isFalse();
        refused(sdk.importImage("sdk-none", "jammy:android99:amd64", false), 404);
    }

    @Test
    void anImportNamingBothPathAndSourceIsRefused() throws Exception {
        useImageServer();
        String both = "{\"name\":\"sdk-both\",\"path\":\"" + REMOTE + "\",\"source\":{\"type\":\"import\",\"remote\":\""
                + REMOTE + "\"}}";
        RawHttp.Reply r = sdk.send("POST", "/1.0/images", java.util.Map.of(),
                java.util.Map.of("Content-Type", "application/json"), both.getBytes(), false);
        refused(r, 400);
        assertThat(r.json().path("error").asText()).contains("not both");
    }

    @Test
    void triggerImageSyncDownloadsASyncedImage() throws Exception {
        useImageServer();
        succeeded(sdk.importImage("sdk-synced", REMOTE, false));
        succeeded(sdk.triggerImageSync("sdk-synced"));
    }

    // ---- config ----

    @Test
    void setConfigItemWithoutAContentTypeChangesTheItem() {
        RawHttp.Reply started = sdk.setConfigItem("images.update_interval", "10m");
        finalAtOnce(started);
        succeeded(started);
        JsonNode config = sync(sdk.retrieveConfigItems()).path("config");
        assertThat(config.path("images.update_interval").asText()).isEqualTo("10m");
    }

    // ---- certificates ----

    @Test
    void certificatesAreAddedListedShownAndDeletedAsTheSdkAsks() throws Exception {
        String der = Base64.getEncoder().encodeToString(ServerCertificate.generate().certificate().getEncoded());
        RawHttp.Reply added = sdk.addCertificate(der, "");
        sync(added);
        String fingerprint = added.json().path("metadata").path("fingerprint").asText();
        List<String> listed = new ArrayList<>();
        sync(sdk.listCertificates()).forEach(c -> listed.add(c.path("fingerprint").asText()));
        assertThat(listed).contains(fingerprint);
        JsonNode shown = sync(sdk.restRetrieveCertificate(fingerprint));
        assertThat(shown.path("certificate").asText()).isEqualTo(der);
        RawHttp.Reply deleted = sdk.deleteCertificate(fingerprint);
        finalAtOnce(deleted);
        succeeded(deleted);
        refused(sdk.restRetrieveCertificate(fingerprint), 404);
    }
}
