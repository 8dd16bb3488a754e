package io.amsfleet.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.FixtureImageServer;
import io.amsfleet.server.support.TestTarballs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images synced from an image server: the simplestreams fixture of the server's tests publishes
 * them, the server syncs them (metadata only, status available), and Sync downloads the content.
 */
class SyncedImageTest extends BrowserTest {
    private FixtureImageServer imageServer;

    @AfterEach
    void stopImageServer() {
        if (imageServer != null) {
            fleet.syncFrom("");
            imageServer.close();
        }
    }

    @Test
    void aSyncedImageIsMarkedAndOffersSyncToAdminsButNotToViewers() {
        String name = Fleet.unique("synced");
        String imageId = fleet.image(name);
        fleet.makeImmutable(imageId);

        browser.openSignedIn("/images/" + imageId, DashboardExtension.TOKEN);
        WebElement sync = browser.visible(By.cssSelector("#main button[data-action=sync]"));
        assertNull(sync.getAttribute("aria-disabled"));
        assertTrue(browser.visible("#main .page-head").getText().contains("Immutable"));
        browser.screenshot("image-synced");

        String viewer = fleet.token(Fleet.unique("v"), "viewer");
        browser.openSignedIn("/images/" + imageId, viewer);
        WebElement blocked = browser.visible(By.cssSelector("#main button[data-action=sync]"));
        assertEquals("true", blocked.getAttribute("aria-disabled"));
        assertTrue(browser.description(blocked).contains("operator or admin"), browser.description(blocked));
    }

    @Test
    void anImageFromTheImageServerIsListedAsImmutableAndNotYetDownloaded() throws IOException {
        String name = publishAndSync(false, "20261101", "20261201");
        String id = fleet.imageJson(name).path("id").asText();

        browser.openSignedIn("/images?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), DashboardExtension.TOKEN);
        browser.tableLoaded();
        WebElement row = browser.visible("tr[data-image-id='" + id + "']");
        List<String> cells = row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
        assertEquals(List.of(name, id, "Container", "available", "2", "x86_64", "No", "Immutable", "None", "Delete"), cells);
        assertFalse(cutOff(row.findElement(By.cssSelector(".badge"))), "the status is shown in full");
        browser.screenshots("images-synced");

        showDetails(name, id);
        assertEquals(List.of("available", "available"), versionStatuses());
        assertEquals(List.of("Release 20261201", "Release 20261101"),
                browser.all(".versions-table [data-remote-id]").stream().map(WebElement::getText).toList());
    }

    @Test
    void clickingSyncDownloadsTheContentAndShowsTheVersionsActive() throws IOException {
        String name = publishAndSync(false, "20261101");
        String id = fleet.imageJson(name).path("id").asText();
        showDetails(name, id);
        assertEquals(List.of("available"), versionStatuses());
        String availableColour = versionBadge(0).getCssValue("background-color");
        browser.script("window.notReloaded = true");

        syncButton().click();

        waitForStatuses(id, "active");
        assertEquals(Boolean.TRUE, browser.script("return window.notReloaded === true"), "the page was not reloaded");
        assertTrue(browser.toast().contains(name + " synced from the image server"), browser.toast());
        assertEquals("Sync", syncButton().getText());
        assertTrue(browser.visible("#main .page-head").getText().contains("active"), "the image's own status follows");
        assertNotEquals(availableColour, versionBadge(0).getCssValue("background-color"),
                "not downloaded yet does not look like downloaded");
        assertFalse(browser.present("[data-sync-error]"));
        for (JsonNode v : fleet.imageJson(id).path("versions")) {
            assertEquals("active", v.path("status").asText(), "downloaded on the server: " + v);
        }
        browser.screenshots("image-synced-active");
    }

    @Test
    void clickingSyncDownloadsEveryVersionOfAnImageWithSeveral() throws IOException {
        String name = publishAndSync(false, "20261101", "20261201");
        String id = fleet.imageJson(name).path("id").asText();
        showDetails(name, id);
        assertEquals(List.of("available", "available"), versionStatuses());

        syncButton().click();

        waitForStatuses(id, "active", "active");
        assertFalse(browser.present("[data-sync-error]"));
    }

    @Test
    void whenTheImageServerLiesAboutAChecksumSyncShowsTheVersionInErrorWithTheReason() throws IOException {
        String name = publishAndSync(true, "20261101");
        String id = fleet.imageJson(name).path("id").asText();
        showDetails(name, id);
        browser.script("window.notReloaded = true");

        syncButton().click();

        waitForStatuses(id, "error");
        assertEquals(Boolean.TRUE, browser.script("return window.notReloaded === true"), "the page was not reloaded");
        String serverMessage = fleet.imageJson(id).path("versions").get(0).path("error_message").asText();
        assertTrue(serverMessage.contains("sha256"), serverMessage);
        WebElement error = browser.visible(".versions-table tr[data-version='0'] [data-error]");
        assertEquals(serverMessage, error.getText());
        for (WebElement shown : List.of(error, browser.visible(".versions-table tr[data-version='0'] [data-remote-id]"))) {
            assertFalse(cutOff(shown), "readable in full, not cut off by its column: " + shown.getText());
        }
        String toast = browser.visible(".toast-error .toast-text").getText();
        assertTrue(toast.contains(name + " was not synced"), toast);
        assertTrue(toast.contains("sha256"), "the toast gives the operation's error: " + toast);
        String notice = browser.visible("[data-sync-error]").getText();
        assertTrue(notice.startsWith("Not synced.") && notice.contains("sha256"), "the reason stays on the page: " + notice);
        assertEquals("Sync", syncButton().getText(), "Sync can be tried again");
        browser.screenshots("image-sync-failed");
    }

    /** Publishes a product with these releases (lying about their checksums if told) and syncs it. */
    private String publishAndSync(boolean lie, String... releases) throws IOException {
        String name = "jammy:" + Fleet.unique("sync") + ":amd64";
        imageServer = new FixtureImageServer();
        for (String release : releases) {
            imageServer.publish(name, release, TestTarballs.image());
        }
        if (lie) {
            imageServer.lieAbout(name);
        }
        fleet.syncFrom(imageServer.url(), name);
        return name;
    }

    private void showDetails(String name, String id) {
        browser.openSignedIn("/images/" + id, DashboardExtension.TOKEN);
        browser.visible(By.xpath("//h1[text()='" + name + "']"));
        browser.visible(".versions-table");
    }

    private WebElement syncButton() {
        return browser.visible(By.cssSelector("#main button[data-action=sync]"));
    }

    /** Waits until the page shows these version statuses, newest first; says what it saw if not. */
    private void waitForStatuses(String imageId, String... statuses) {
        try {
            browser.waitUntil(d -> versionStatuses().equals(List.of(statuses)));
        } catch (TimeoutException e) {
            throw new AssertionError("the page shows " + versionStatuses() + " rather than " + List.of(statuses)
                    + " (toasts: " + browser.all(".toast").stream().map(WebElement::getText).toList()
                    + "); on the server: " + fleet.imageJson(imageId).path("versions"), e);
        }
    }

    private boolean cutOff(WebElement element) {
        return (Boolean) browser.script("const e = arguments[0], cell = e.closest('td');"
                + "const contentRight = cell.getBoundingClientRect().right - parseFloat(getComputedStyle(cell).paddingRight);"
                + "return e.scrollWidth > e.clientWidth || e.getBoundingClientRect().right > contentRight + 0.5", element);
    }

    private WebElement versionBadge(int version) {
        return browser.visible(".versions-table tr[data-version='" + version + "'] .badge");
    }

    /** Each version's status, newest first, as its badge shows it. */
    private List<String> versionStatuses() {
        return browser.all(".versions-table tbody tr[data-version] .badge").stream().map(WebElement::getText).toList();
    }
}
