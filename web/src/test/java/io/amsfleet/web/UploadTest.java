package io.amsfleet.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploading image tarballs from the dashboard: a new image, the next version, and the server's refusals. */
class UploadTest extends BrowserTest {
    private final List<Path> files = new ArrayList<>();

    @AfterEach
    void removeFiles() throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }

    /** A file on disk, as the picker would offer it. */
    private Path file(String name, byte[] content) {
        try {
            Path dir = Files.createTempDirectory("ams-web-upload-");
            Path file = dir.resolve(name);
            Files.write(file, content);
            files.add(file);
            files.add(dir);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WebElement openUploadDialog(String page, String button) {
        browser.openSignedIn(page, DashboardExtension.TOKEN);
        browser.visible(By.xpath("//button[text()='" + button + "']")).click();
        return browser.dialog();
    }

    @Test
    void aTarballChosenInThePickerBecomesVersion0OfANewImage() {
        String name = Fleet.unique("uploaded");
        WebElement dialog = openUploadDialog("/images", "Upload image");
        dialog.findElement(By.cssSelector("input[type=file]")).sendKeys(file(name + ".tar.gz", Fleet.tarball(name)).toString());
        WebElement nameField = dialog.findElement(By.cssSelector("input[name=name]"));
        assertEquals(name, nameField.getDomProperty("value"), "the name is the file's, without .tar.gz");
        assertTrue(dialog.findElement(By.cssSelector("[data-chosen-file]")).getText().startsWith(name + ".tar.gz"));
        browser.screenshots("upload-image-dialog");
        dialog.findElement(By.xpath(".//button[text()='Upload image']")).click();

        browser.noDialog();
        browser.visible(By.xpath("//h1[text()='" + name + "']"));
        assertTrue(browser.toast().contains("Image " + name + " uploaded as version 0"), browser.toast());
        String id = browser.address().substring("/images/".length());
        assertEquals(List.of(0), fleet.versions(id));
        assertEquals(name, fleet.imageJson(id).path("name").asText());
        browser.visible(".versions-table tr[data-version='0']");
    }

    @Test
    void theProgressBarFollowsTheBytesSent() {
        String name = Fleet.unique("slow");
        byte[] tarball = Fleet.tarball(name, 1_500_000);
        WebElement dialog = openUploadDialog("/images", "Upload image");
        dialog.findElement(By.cssSelector("input[type=file]")).sendKeys(file(name + ".tar.gz", tarball).toString());
        browser.throttleUploads(500_000);
        try {
            dialog.findElement(By.xpath(".//button[text()='Upload image']")).click();
            WebElement bar = browser.visible("progress[data-upload-progress]");
            // Part way: some bytes sent, not all, and the text says how many of how many.
            browser.waitUntil(d -> {
                double value = Double.parseDouble(bar.getDomAttribute("value"));
                return value > 0 && value < Double.parseDouble(bar.getDomAttribute("max"));
            });
            assertEquals(tarball.length, Double.parseDouble(bar.getDomAttribute("max")), 1.0, "the bar's end is the file's size");
            String text = dialog.findElement(By.cssSelector(".upload-progress-text")).getText();
            assertTrue(text.matches(".+ of 1\\.4 MiB \\(\\d+ %\\)"), text);
            assertEquals("Uploading…", dialog.findElement(By.cssSelector("button[type=submit]")).getText());
            browser.screenshot("upload-progress");
        } finally {
            browser.throttleUploads(null);
        }
        browser.noDialog();
        browser.visible(By.xpath("//h1[text()='" + name + "']"));
    }

    @Test
    void aTarballDroppedOnAnImagesPageUploadsItsNextVersion() {
        String name = Fleet.unique("dropped");
        String id = fleet.image(name);
        browser.openSignedIn("/images/" + id, DashboardExtension.TOKEN);
        browser.visible(".versions-table tr[data-version='0']");

        drop("main", name + "-v1.tar.gz", Fleet.tarball(name + "-v1"));
        WebElement dialog = browser.dialog();
        assertEquals("Upload a new version of " + name, dialog.findElement(By.cssSelector("h2")).getText());
        assertTrue(dialog.findElement(By.cssSelector("[data-chosen-file]")).getText().startsWith(name + "-v1.tar.gz"));
        dialog.findElement(By.xpath(".//button[text()='Upload version']")).click();

        browser.noDialog();
        browser.visible(".versions-table tr[data-version='1']");
        assertTrue(browser.toast().contains("Version 1 of " + name + " uploaded"), browser.toast());
        assertEquals(List.of(0, 1), fleet.versions(id));
    }

    @Test
    void aFileThatIsNotATarballIsRefusedInTheServersWords() {
        String name = Fleet.unique("not-a-tarball");
        byte[] notes = "just some notes, not an image\n".getBytes(StandardCharsets.UTF_8);
        JsonNode expected = fleet.uploadRefusal("POST", "/1.0/images/", notes, "{\"name\":\"" + name + "\",\"type\":\"container\"}");
        WebElement dialog = openUploadDialog("/images", "Upload image");
        dialog.findElement(By.cssSelector("input[type=file]")).sendKeys(file(name + ".txt", notes).toString());
        dialog.findElement(By.cssSelector("input[name=name]")).clear();
        dialog.findElement(By.cssSelector("input[name=name]")).sendKeys(name);
        dialog.findElement(By.xpath(".//button[text()='Upload image']")).click();

        WebElement refusal = browser.visible("dialog[open] [data-refusal]");
        assertRefusal(expected, refusal);
        assertEquals("Upload image", dialog.findElement(By.cssSelector("button[type=submit]")).getText(), "another file can be tried");
        browser.screenshots("upload-refused");
        dialog.findElement(By.xpath(".//button[text()='Cancel']")).click();
        browser.noDialog();
        browser.openSignedIn("/images?name=" + name, DashboardExtension.TOKEN);
        browser.tableLoaded();
        assertTrue(browser.all("tbody tr[data-image-id]").isEmpty(), "nothing was kept");
    }

    /**
     * The server refuses before it reads the body; Chromium reads no answer until it has sent the
     * whole body, so a file larger than the socket buffers shows the refusal only because the
     * server reads and drops the rest (within a bound) and then closes the connection.
     */
    @Test
    void aNewVersionOfAnImmutableImageIsRefusedInTheServersWordsEvenWhileTheFileIsStillGoing() {
        String name = Fleet.unique("synced");
        String id = fleet.image(name);
        fleet.makeImmutable(id);
        JsonNode expected = fleet.uploadRefusal("PATCH", "/1.0/images/" + id, Fleet.tarball(name + "-v1"), null);
        byte[] tarball = Fleet.tarball(name + "-v1", 24_000_000);
        WebElement dialog = openUploadDialog("/images/" + id, "Upload version");
        dialog.findElement(By.cssSelector("input[type=file]")).sendKeys(file(name + "-v1.tar.gz", tarball).toString());
        dialog.findElement(By.xpath(".//button[text()='Upload version']")).click();

        assertRefusal(expected, browser.visible("dialog[open] [data-refusal]"));
        assertEquals(List.of(0), fleet.versions(id));
        browser.focused().sendKeys(org.openqa.selenium.Keys.ESCAPE);
        browser.noDialog();
    }

    @Test
    void aViewerSeesWhyUploadingIsUnavailable() {
        String viewer = fleet.token(Fleet.unique("upload-viewer"), "viewer");
        browser.openSignedIn("/images", viewer);
        WebElement upload = browser.visible("button[data-action=upload]");
        assertEquals("true", upload.getDomAttribute("aria-disabled"));
        assertEquals("Uploading images needs an operator or admin token; this session signed in as a viewer.", browser.description(upload));
        upload.click();
        assertTrue(browser.all("dialog[open]").isEmpty(), "no dialog for an upload the server would refuse");
        browser.signOutOfStorage();
    }

    /** The message exactly as the envelope's `error`, and its `metadata.reason` and status. */
    private static void assertRefusal(JsonNode expected, WebElement refusal) {
        String reason = expected.path("metadata").path("reason").asText();
        assertNotNull(reason);
        assertEquals(reason, refusal.getDomAttribute("data-refusal"));
        assertEquals(expected.path("error").asText(), refusal.findElement(By.cssSelector("[data-server-message]")).getText());
        assertTrue(refusal.getText().contains("Reason " + reason + ", HTTP " + expected.path("error_code").asInt()), refusal.getText());
    }

    /** Drops a file on the element as a person dragging it from the desktop would. */
    private void drop(String css, String fileName, byte[] content) {
        browser.script("const bytes = Uint8Array.from(atob(arguments[1]), (c) => c.charCodeAt(0));"
                + "const transfer = new DataTransfer();"
                + "transfer.items.add(new File([bytes], arguments[2], {type: 'application/gzip'}));"
                + "const target = document.querySelector(arguments[0]);"
                + "for (const type of ['dragenter', 'dragover', 'drop']) {"
                + "  target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: transfer}));"
                + "}", css, Base64.getEncoder().encodeToString(content), fileName);
    }
}
