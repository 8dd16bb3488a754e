package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image details page: its fields, the applications using it, and deleting single versions. */
class VersionDeletionTest extends BrowserTest {
    @Test
    void theDetailsPageShowsTheImageItsApplicationsAndItsVersions() {
        String name = Fleet.unique("jammy:android14:x86_64");
        String id = fleet.imageWithVersions(name, 3);
        String app = Fleet.unique("racing-game");
        String appId = fleet.application(app, id, 1);

        showDetails(name, id);
        assertEquals(List.of("Version 2", "Version 1", "Version 0"), versionRows().stream()
                .map(r -> r.findElement(By.cssSelector("th")).getText()).toList());
        WebElement v1 = versionRow(1);
        assertEquals(app, v1.findElement(By.cssSelector("a")).getText(), "the version's users are named");
        String fingerprint = fleet.imageJson(id).path("versions").get(1).path("fingerprint").asText();
        WebElement shortPrint = v1.findElement(By.cssSelector("code"));
        assertEquals(fingerprint.substring(0, 12), shortPrint.getText());
        assertEquals(fingerprint, shortPrint.getAttribute("title"));
        assertTrue(v1.getText().matches("(?s).*\\d+ B.*"), "a human-readable size: " + v1.getText());
        WebElement usedBy = browser.visible("#used-by a");
        assertEquals(app, usedBy.getText());
        assertTrue(usedBy.getAttribute("href").endsWith("/applications/" + appId));
        browser.screenshots("image-details");
    }

    @Test
    void deletingOneVersionFromTheDetailsPageKeepsTheOthers() {
        String name = Fleet.unique("three-versions");
        String id = fleet.imageWithVersions(name, 3);
        showDetails(name, id);

        versionRow(1).findElement(By.cssSelector("button[data-action=delete-version]")).click();
        WebElement dialog = browser.dialog();
        assertEquals("Delete version 1 of " + name + "?", dialog.findElement(By.cssSelector("h2")).getText());
        assertEquals("This removes version 1 of " + name + ".", dialog.findElement(By.cssSelector(".lead")).getText());
        browser.screenshots("delete-version-dialog");
        dialog.findElement(By.xpath(".//button[text()='Delete version 1']")).click();

        browser.noDialog();
        browser.waitUntil(d -> versionRows().size() == 2);
        assertEquals(List.of("2", "0"), versionRows().stream().map(r -> r.getAttribute("data-version")).toList());
        assertTrue(browser.toast().contains("Version 1 of " + name + " deleted"));
        assertEquals(List.of(0, 2), fleet.versions(id).stream().sorted().toList());
    }

    @Test
    void theLastVersionsDeleteButtonIsUnavailableAndSaysWhy() {
        String name = Fleet.unique("single");
        String id = fleet.image(name);
        showDetails(name, id);

        WebElement button = versionRow(0).findElement(By.cssSelector("button[data-action=delete-version]"));
        assertEquals("true", button.getAttribute("aria-disabled"));
        String reason = browser.description(button);
        assertTrue(reason.contains("is the last version of " + name), reason);
        browser.script("arguments[0].focus()", button); // focus shows the reason as a tooltip
        assertEquals(button, browser.focused());
        browser.screenshot("delete-version-unavailable");
        button.click();
        assertFalse(browser.present("dialog[open]"), "an unavailable button opens nothing");
        assertEquals(List.of(0), fleet.versions(id));
    }

    @Test
    void versionsOfAnImmutableImageAreUnavailableOneByOne() {
        String name = Fleet.unique("synced");
        String id = fleet.imageWithVersions(name, 2);
        fleet.makeImmutable(id);
        showDetails(name, id);

        for (WebElement row : versionRows()) {
            WebElement button = row.findElement(By.cssSelector("button[data-action=delete-version]"));
            assertEquals("true", button.getAttribute("aria-disabled"));
            String reason = browser.description(button);
            assertTrue(reason.contains("force-delete the whole image instead"), reason);
        }
        browser.visible(By.xpath("//div[@class='page-actions']//button[text()='Delete image']")).click();
        WebElement dialog = browser.dialog();
        assertTrue(dialog.findElement(By.cssSelector("[data-code=image_immutable]")).isDisplayed());
        assertTrue(dialog.findElement(By.cssSelector("input[name=force]")).isDisplayed(), "force lifts immutability for the whole image");
        dialog.findElement(By.xpath(".//button[text()='Cancel']")).click();
    }

    @Test
    void aVersionAnApplicationPinsNeedsForceAndTheApplicationKeepsItsCopy() {
        String name = Fleet.unique("pinned");
        String id = fleet.imageWithVersions(name, 2);
        String app = Fleet.unique("pinner");
        String appId = fleet.application(app, id, 0);
        showDetails(name, id);

        versionRow(0).findElement(By.cssSelector("button[data-action=delete-version]")).click();
        WebElement dialog = browser.dialog();
        WebElement blocker = dialog.findElement(By.cssSelector("[data-code=version_in_use]"));
        assertEquals(app, blocker.findElement(By.cssSelector("a")).getText());
        WebElement confirm = dialog.findElement(By.xpath(".//button[text()='Delete version 0']"));
        assertFalse(confirm.isEnabled());
        dialog.findElement(By.cssSelector("input[name=force]")).click();
        confirm.click();

        browser.noDialog();
        browser.waitUntil(d -> versionRows().size() == 1);
        assertEquals(List.of(1), fleet.versions(id));
        assertTrue(fleet.applicationJson(appId).path("versions").get(0).path("parent_image_deleted").asBoolean());
    }

    @Test
    void aTokenWithoutTheAdminRoleSeesWhyItCannotDeleteImages() {
        String name = Fleet.unique("look-dont-touch");
        String id = fleet.imageWithVersions(name, 2);
        String viewer = fleet.token(Fleet.unique("viewer"), "viewer");
        browser.openSignedIn("/images/" + id, viewer);
        browser.visible(By.xpath("//h1[text()='" + name + "']"));

        WebElement deleteImage = browser.visible(By.xpath("//div[@class='page-actions']//button[text()='Delete image']"));
        assertEquals("true", deleteImage.getAttribute("aria-disabled"));
        String reason = browser.description(deleteImage);
        assertTrue(reason.contains("needs an admin token"), reason);
        for (WebElement row : versionRows()) {
            assertEquals("true", row.findElement(By.cssSelector("button[data-action=delete-version]")).getAttribute("aria-disabled"));
        }
        deleteImage.click();
        assertFalse(browser.present("dialog[open]"));
        assertTrue(fleet.imageExists(id));
    }

    private void showDetails(String name, String id) {
        browser.openSignedIn("/images/" + id, DashboardExtension.TOKEN);
        browser.visible(By.xpath("//h1[text()='" + name + "']"));
        browser.visible(".versions-table");
    }

    private List<WebElement> versionRows() {
        return browser.all(".versions-table tbody tr[data-version]");
    }

    private WebElement versionRow(int version) {
        return browser.visible(".versions-table tr[data-version='" + version + "']");
    }
}
