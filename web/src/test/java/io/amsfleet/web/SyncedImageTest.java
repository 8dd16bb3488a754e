package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncedImageTest extends BrowserTest {
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
}
