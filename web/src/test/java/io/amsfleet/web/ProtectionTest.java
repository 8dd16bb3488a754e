package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delete protection: the Protected badge, Protect and Unprotect, the cooldown of a pending
 * unprotection (the test server's default, 24 h) and its cancelling, and the server's
 * image_protected blocker on the Delete buttons.
 */
class ProtectionTest extends BrowserTest {
    @Test
    void aProtectedImageShowsItsBadgeAndItsDeleteButtonsSayWhy() {
        String name = Fleet.unique("guarded");
        String id = fleet.imageWithVersions(name, 2);
        fleet.protect(id, true);

        browser.openSignedIn("/images?name=" + name, DashboardExtension.TOKEN);
        WebElement row = browser.visible("tr[data-image-id='" + id + "']");
        assertEquals("Protected", row.findElement(By.cssSelector("[data-protected]")).getText());
        WebElement delete = row.findElement(By.cssSelector("button[data-action=delete]"));
        assertEquals("true", delete.getAttribute("aria-disabled"));
        assertTrue(browser.description(delete).contains("the image is protected"), browser.description(delete));

        row.findElement(By.linkText(name)).click();
        browser.visible(By.xpath("//h1[text()='" + name + "']"));
        assertEquals("Protected", browser.visible(".page-head [data-protected]").getText());
        WebElement deleteImage = browser.visible(By.xpath("//div[@class='page-actions']//button[text()='Delete image']"));
        assertEquals("true", deleteImage.getAttribute("aria-disabled"));
        assertTrue(browser.description(deleteImage).contains("the image is protected"), browser.description(deleteImage));
        WebElement deleteVersion = browser.visible(".versions-table tr[data-version='1'] button[data-action=delete-version]");
        assertEquals("true", deleteVersion.getAttribute("aria-disabled"));
        assertTrue(browser.description(deleteVersion).contains("protected"), browser.description(deleteVersion));
        browser.screenshots("image-protected");
    }

    @Test
    void protectThenUnprotectShowsTheCooldownUntilItIsCancelled() {
        String name = Fleet.unique("cooling");
        String id = fleet.image(name);
        browser.openSignedIn("/images/" + id, DashboardExtension.TOKEN);
        browser.visible(By.xpath("//h1[text()='" + name + "']"));
        assertFalse(browser.present(".page-head [data-protected]"));

        browser.visible("button[data-action=protect]").click();
        browser.visible(".page-head [data-protected]");
        assertTrue(fleet.imageJson(id).path("protected").asBoolean());

        browser.visible("button[data-action=unprotect]").click();
        WebElement pending = browser.visible("[data-unprotect-at]");
        assertTrue(pending.getText().matches("(?s)Unprotection pending\\. The protection ends in 23 h 5\\d min .*"), pending.getText());
        assertEquals(fleet.imageJson(id).path("unprotect_at").asText(), pending.getAttribute("data-unprotect-at"));
        browser.waitUntil(d -> browser.all(".toast .toast-text").stream().anyMatch(t -> t.getText().contains(name + " stays protected until")));
        browser.screenshots("unprotect-pending");

        browser.visible("button[data-action=cancel-unprotect]").click();
        browser.gone("[data-unprotect-at]");
        browser.visible("button[data-action=unprotect]");
        assertTrue(fleet.imageJson(id).path("protected").asBoolean());
        assertTrue(fleet.imageJson(id).path("unprotect_at").isMissingNode() || fleet.imageJson(id).path("unprotect_at").isNull());
    }

    @Test
    void aViewerSeesWhyItCannotProtect() {
        String name = Fleet.unique("viewer-protect");
        String id = fleet.image(name);
        String viewer = fleet.token(Fleet.unique("viewer"), "viewer");
        browser.openSignedIn("/images/" + id, viewer);
        WebElement protect = browser.visible("button[data-action=protect]");
        assertEquals("true", protect.getAttribute("aria-disabled"));
        assertTrue(browser.description(protect).contains("needs an operator or admin token"), browser.description(protect));
        protect.click();
        assertFalse(fleet.imageJson(id).path("protected").asBoolean());
    }
}
