package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: pages follow the server's event stream (docs/dashboard.md, "Live updates"): a change
 * another client makes through the API shows on the open page without a reload, and the top bar
 * says whether the page is live.
 */
class LiveUpdatesTest extends BrowserTest {

    /** Marks the loaded document: a full reload would lose the mark. */
    private void markThePage() {
        browser.script("window.__sameDocument = true");
    }

    private boolean stillTheSamePage() {
        return Boolean.TRUE.equals(browser.script("return window.__sameDocument === true"));
    }

    private void live() {
        browser.visible("#live[data-state='connected']");
        assertEquals("Live", browser.visible("#live").getText());
    }

    @Test
    void anImageUploadedByAnotherClientAppearsOnTheOpenImagesPage() {
        String name = Fleet.unique("live");
        browser.openSignedIn("/images?name=" + name, DashboardExtension.TOKEN);
        browser.tableLoaded();
        live();
        markThePage();

        String id = fleet.image(name);

        browser.visible("tr[data-image-id='" + id + "']");
        assertTrue(stillTheSamePage(), "the row came without a page reload");
        assertEquals("1 match", browser.visible(".page-count").getText());
    }

    @Test
    void aVersionAddedElsewhereAndAnApplicationUsingItShowOnTheImagesDetails() {
        String id = fleet.image(Fleet.unique("live-details"));
        browser.openSignedIn("/images/" + id, DashboardExtension.TOKEN);
        browser.visible(".versions-table tr[data-version='0']");
        live();
        markThePage();

        fleet.newVersion(id);
        browser.visible(".versions-table tr[data-version='1']");
        String app = Fleet.unique("live-user");
        fleet.application(app, id, 1);
        browser.waitUntil(d -> browser.visible("#main").getText().contains(app));
        assertTrue(stillTheSamePage(), "the changes came without a page reload");
    }

    @Test
    void anApplicationCreatedElsewhereAppearsOnTheApplicationsPage() {
        String image = fleet.image(Fleet.unique("live-apps"));
        browser.openSignedIn("/applications", DashboardExtension.TOKEN);
        browser.tableLoaded();
        live();
        markThePage();

        String app = fleet.application(Fleet.unique("live-app"), image, 0);

        browser.visible("tr[data-application-id='" + app + "']");
        assertTrue(stillTheSamePage(), "the row came without a page reload");
    }

    @Test
    void theIndicatorSaysReconnectingWhenTheStreamDropsAndLiveOnceBackWithANewTicket() {
        // Keeps each WebSocket the page opens, so that the test can drop one as a network would.
        ChromeDriver chromium = (ChromeDriver) browser.driver();
        Object added = chromium.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__sockets = []; const Native = window.WebSocket;"
                        + "window.WebSocket = class extends Native { constructor(...a) { super(...a); window.__sockets.push(this); } };"))
                .get("identifier");
        try {
            dropAndReconnect();
        } finally {
            chromium.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", added));
        }
    }

    private void dropAndReconnect() {
        String name = Fleet.unique("live-again");
        browser.openSignedIn("/images?name=" + name, DashboardExtension.TOKEN);
        browser.tableLoaded();
        live();
        markThePage();

        browser.script("window.__sockets.at(-1).close()");
        browser.visible("#live[data-state='reconnecting']");
        assertEquals("Reconnecting…", browser.visible("#live").getText());
        live();
        assertEquals(2L, browser.script("return window.__sockets.length"), "one new socket, on a new ticket");

        String id = fleet.image(name);
        browser.visible("tr[data-image-id='" + id + "']");
        assertTrue(stillTheSamePage());
    }
}
