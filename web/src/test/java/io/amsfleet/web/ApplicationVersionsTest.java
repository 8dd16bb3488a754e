package io.amsfleet.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The versions of an application on its page: image, published state, status, and their actions as the server allows them. */
class ApplicationVersionsTest extends BrowserTest {
    private WebElement row(int version) {
        return browser.visible("tr[data-version='" + version + "']");
    }

    private WebElement action(int version, String action) {
        return browser.visible("tr[data-version='" + version + "'] [data-action='" + action + "']");
    }

    private JsonNode version(String appId, int number) {
        for (JsonNode v : fleet.applicationJson(appId).path("versions")) {
            if (v.path("number").asInt() == number) {
                return v;
            }
        }
        return null;
    }

    /** An application with two published versions: 0 on version 0 of its image, 1 (an automatic update) on version 1. */
    private String twoVersions(String image, String name) {
        String imageId = fleet.image(image);
        String appId = fleet.application(name, imageId, null);
        fleet.newVersion(imageId);
        return appId;
    }

    @Test
    void eachVersionShowsItsImageAndVersionPublishedStateAndStatus() {
        String image = Fleet.unique("versions-base");
        String name = Fleet.unique("versions-app");
        String appId = twoVersions(image, name);
        browser.openSignedIn("/applications/" + appId, DashboardExtension.TOKEN);
        browser.visible(By.xpath("//h1[text()='" + name + "']"));

        String newest = row(1).getText();
        assertTrue(newest.contains(image) && newest.contains("Version 1") && newest.contains("Published")
                && newest.contains("active"), newest);
        assertTrue(row(0).getText().contains("Version 0"), row(0).getText());
        assertEquals("Revoke", action(1, "revoke").getText());
        browser.screenshots("application-versions");
    }

    @Test
    void revokeAndPublishAVersion() {
        String name = Fleet.unique("revoked-app");
        String appId = twoVersions(Fleet.unique("revoked-base"), name);
        browser.openSignedIn("/applications/" + appId, DashboardExtension.TOKEN);

        action(0, "revoke").click();
        browser.waitUntil(d -> !version(appId, 0).path("published").asBoolean());
        assertTrue(browser.toast().contains("Version 0 of " + name + " revoked"), browser.toast());
        assertTrue(row(0).getText().contains("Not published"), row(0).getText());

        action(0, "publish").click();
        browser.waitUntil(d -> version(appId, 0).path("published").asBoolean());
        browser.visible("tr[data-version='0'] [data-action='revoke']");
    }

    @Test
    void deletingAPublishedVersionShowsTheServersReasonAndNeedsForce() {
        String name = Fleet.unique("forced-app");
        String appId = twoVersions(Fleet.unique("forced-base"), name);
        browser.openSignedIn("/applications/" + appId, DashboardExtension.TOKEN);

        action(0, "delete-version").click();
        WebElement dialog = browser.dialog();
        assertEquals("Delete version 0 of " + name + "?", dialog.findElement(By.cssSelector("h2")).getText());
        WebElement reason = dialog.findElement(By.cssSelector("li[data-reason='version_published']"));
        assertTrue(reason.getText().contains("is published; revoke it first or use force"), reason.getText());

        dialog.findElement(By.xpath(".//button[text()='Delete version']")).click();
        WebElement refusal = browser.visible(".dialog-error .notice-danger");
        assertTrue(refusal.getText().startsWith("Not deleted. Version 0 of " + name + " is published"), refusal.getText());
        assertTrue(version(appId, 0) != null, "refused, so still there");

        dialog.findElement(By.cssSelector("input[name=force]")).click();
        dialog.findElement(By.xpath(".//button[text()='Delete version']")).click();
        browser.noDialog();
        browser.waitUntil(d -> version(appId, 0) == null);
        assertTrue(browser.toast().contains("Version 0 of " + name + " deleted (forced)"), browser.toast());
        browser.gone("tr[data-version='0']");
    }

    @Test
    void theLastVersionCannotBeDeletedAndTheButtonSaysTheServersReason() {
        String imageId = fleet.image(Fleet.unique("last-base"));
        String name = Fleet.unique("last-app");
        String appId = fleet.application(name, imageId, null);
        browser.openSignedIn("/applications/" + appId, DashboardExtension.TOKEN);

        WebElement delete = action(0, "delete-version");
        assertEquals("true", delete.getAttribute("aria-disabled"));
        assertTrue(browser.description(delete).contains("is the last version of " + name + "; delete the application"),
                browser.description(delete));
        delete.click();
        assertFalse(browser.present("dialog[open]"), "a blocked button opens nothing");
    }

    @Test
    void aViewerSeesPublishingAndDeletingDisabledWithTheServersReasons() {
        String name = Fleet.unique("viewed-app");
        String appId = twoVersions(Fleet.unique("viewed-base"), name);
        String viewer = fleet.token(Fleet.unique("v"), "viewer");
        browser.openSignedIn("/applications/" + appId, viewer);

        WebElement revoke = action(1, "revoke");
        assertEquals("true", revoke.getAttribute("aria-disabled"));
        assertTrue(browser.description(revoke).contains("Publishing or revoking application versions needs an operator"
                + " token; this is a viewer token"), browser.description(revoke));
        WebElement delete = action(0, "delete-version");
        assertEquals("true", delete.getAttribute("aria-disabled"));
        assertTrue(browser.description(delete).contains("viewer token"), browser.description(delete));
        revoke.click();
        assertTrue(version(appId, 1).path("published").asBoolean(), "nothing was sent");
    }
}
