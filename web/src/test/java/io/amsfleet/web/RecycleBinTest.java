package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Recycle bin page: entries as deletes leave them, Restore (and name_taken), Purge and its role. */
class RecycleBinTest extends BrowserTest {
    @Test
    void aDeleteShowsUpInTheOpenBinAndRestoreBringsTheImageBackIntoTheImagesList() {
        String name = Fleet.unique("binned");
        String id = fleet.imageWithVersions(name, 2);
        showBin();

        String trashId = fleet.delete(id, null, false);
        // No reload: the open page follows the event stream.
        WebElement entry = entry(trashId);
        assertEquals("image", entry.getAttribute("data-kind"));
        String text = entry.getText();
        assertTrue(text.contains(name) && text.contains("Image") && text.contains("2 versions"), text);
        assertTrue(text.contains("by admin"), "who deleted it, as the server names the token: " + text);
        assertTrue(text.matches("(?s).*6 days 23 h.*"), "the time left of the default 7 days: " + text);
        assertTrue(text.matches("(?s).*\\d+ B.*"), "the size: " + text);
        assertEquals("No", entry.findElement(By.xpath("./td[4]")).getText(), "not forced");
        browser.screenshots("recycle-bin");

        entry.findElement(By.cssSelector("button[data-action=restore]")).click();
        WebElement dialog = browser.dialog();
        assertEquals("Restore image " + name + "?", dialog.findElement(By.cssSelector("h2")).getText());
        browser.screenshots("restore-dialog");
        dialog.findElement(By.xpath(".//button[text()='Restore']")).click();

        browser.noDialog();
        browser.gone("tr[data-trash-id='" + trashId + "']");
        assertTrue(browser.toast().contains("Image " + name + " restored"), browser.toast());
        assertFalse(fleet.inTrash(trashId));
        browser.visible(By.linkText("Images")).click();
        browser.visible("tr[data-image-id='" + id + "']");
        assertEquals(java.util.List.of(0, 1), fleet.versions(id));
    }

    @Test
    void aNameTakenSinceTheDeleteIsOfferedAnotherNameAndTheRestoreUnderItWorks() {
        String name = Fleet.unique("taken");
        String id = fleet.image(name);
        String trashId = fleet.delete(id, null, false);
        String newcomer = fleet.image(name);
        showBin();

        entry(trashId).findElement(By.cssSelector("button[data-action=restore]")).click();
        WebElement dialog = browser.dialog();
        dialog.findElement(By.xpath(".//button[text()='Restore']")).click();
        WebElement refusal = browser.visible("dialog[open] [data-reason=name_taken]");
        assertTrue(refusal.getText().contains("is taken by image " + newcomer), "the server's message: " + refusal.getText());
        WebElement field = dialog.findElement(By.cssSelector("input[name=name]"));
        assertEquals(field, browser.focused(), "the new name is the next step");
        browser.screenshots("restore-name-taken");
        field.clear();
        field.sendKeys(name + "-old");
        dialog.findElement(By.xpath(".//button[text()='Restore under this name']")).click();

        browser.noDialog();
        browser.gone("tr[data-trash-id='" + trashId + "']");
        assertTrue(browser.toast().contains("Image " + name + "-old restored"), browser.toast());
        assertEquals(name + "-old", fleet.imageJson(id).path("name").asText(), "the same image, under the new name");
        assertEquals(name, fleet.imageJson(newcomer).path("name").asText());
    }

    @Test
    void aRestoreTheServerRefusesShowsItsMessageAsGiven() {
        String name = Fleet.unique("nested");
        String id = fleet.imageWithVersions(name, 2);
        String versionEntry = fleet.delete(id, 1, false);
        fleet.delete(id, null, false);
        showBin();

        entry(versionEntry).findElement(By.cssSelector("button[data-action=restore]")).click();
        WebElement dialog = browser.dialog();
        dialog.findElement(By.xpath(".//button[text()='Restore']")).click();
        WebElement refusal = browser.visible("dialog[open] [data-reason=image_in_trash]");
        assertTrue(refusal.getText().startsWith("Not restored. Version 1 of " + name + " belongs to an image that is in the recycle bin"), refusal.getText());
        assertTrue(dialog.findElements(By.cssSelector("input[name=name]")).isEmpty(), "another name would not help");
        WebElement close = dialog.findElement(By.xpath(".//button[text()='Close']"));
        assertEquals(close, browser.focused());
        close.click();
        browser.noDialog();
        assertTrue(fleet.inTrash(versionEntry));
    }

    @Test
    void anAdminPurgesAnEntryAfterConfirming() {
        String name = Fleet.unique("purged");
        String id = fleet.imageWithVersions(name, 2);
        String trashId = fleet.delete(id, 1, false);
        showBin();

        WebElement entry = entry(trashId);
        assertEquals("version", entry.getAttribute("data-kind"));
        assertTrue(entry.getText().contains("Version 1"), entry.getText());
        entry.findElement(By.cssSelector("button[data-action=purge]")).click();
        WebElement dialog = browser.dialog();
        assertEquals("Purge version 1 of " + name + "?", dialog.findElement(By.cssSelector("h2")).getText());
        assertTrue(dialog.getText().contains("cannot be undone"), dialog.getText());
        WebElement cancel = dialog.findElement(By.xpath(".//button[text()='Cancel']"));
        assertEquals(cancel, browser.focused(), "a purge is not undone, so Enter does not confirm it at once");
        browser.screenshots("purge-dialog");
        dialog.findElement(By.xpath(".//button[text()='Purge']")).click();

        browser.noDialog();
        browser.gone("tr[data-trash-id='" + trashId + "']");
        assertTrue(browser.toast().contains("Version 1 of " + name + " purged"), browser.toast());
        assertFalse(fleet.inTrash(trashId));
        assertEquals(java.util.List.of(0), fleet.versions(id));
    }

    @Test
    void aViewerSeesTheBinButNotRestoreOrPurgeAndSaysWhy() {
        String name = Fleet.unique("viewed");
        String trashId = fleet.delete(fleet.image(name), null, false);
        String viewer = fleet.token(Fleet.unique("viewer"), "viewer");
        browser.openSignedIn("/trash", viewer);

        WebElement entry = entry(trashId);
        for (String action : new String[] {"restore", "purge"}) {
            WebElement button = entry.findElement(By.cssSelector("button[data-action=" + action + "]"));
            assertEquals("true", button.getAttribute("aria-disabled"), action);
            String reason = browser.description(button);
            assertTrue(reason.contains("needs an admin token"), reason);
            button.click();
            assertFalse(browser.present("dialog[open]"), "an unavailable button opens nothing");
        }
        // What the page shows is the server's own answer to that role.
        assertEquals(403, fleet.sendAs(viewer, "DELETE", "/1.0/trash/" + trashId));
        assertTrue(fleet.inTrash(trashId));
    }

    private void showBin() {
        browser.openSignedIn("/trash", DashboardExtension.TOKEN);
        browser.visible(By.xpath("//h1[text()='Recycle bin']"));
        browser.tableLoaded();
    }

    private WebElement entry(String trashId) {
        return browser.visible("tr[data-trash-id='" + trashId + "']");
    }
}
