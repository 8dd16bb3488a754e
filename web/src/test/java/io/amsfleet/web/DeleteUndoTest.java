package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The toast after a delete offers Undo: the recycle bin's restore of what the delete binned. */
class DeleteUndoTest extends BrowserTest {
    @Test
    void undoInTheToastBringsADeletedVersionBack() {
        String name = Fleet.unique("undone");
        String id = fleet.imageWithVersions(name, 3);
        deleteVersionOnItsPage(id, 1);
        browser.waitUntil(d -> browser.all(".versions-table tr[data-version='1']").isEmpty());
        assertEquals(List.of(0, 2), fleet.versions(id));

        WebElement undo = browser.visible(".toast button[data-action=undo]");
        assertEquals("Undo", undo.getText());
        browser.screenshot("delete-toast-undo");
        undo.click();

        browser.waitUntil(d -> browser.toast().contains("is back"));
        assertEquals("Version 1 of " + name + " is back.", browser.toast());
        assertTrue(browser.all(".toast button[data-action=undo]").isEmpty(), "nothing left to undo");
        browser.visible(".versions-table tr[data-version='1']");
        assertEquals(List.of(0, 1, 2), fleet.versions(id));
    }

    @Test
    void undoOfAnImageDeletedFromTheListBringsTheRowBack() {
        String name = Fleet.unique("undone-image");
        String id = fleet.image(name);
        browser.openSignedIn("/images?name=" + name, DashboardExtension.TOKEN);
        browser.visible("tr[data-image-id='" + id + "'] button[data-action=delete]").click();
        browser.dialog().findElement(By.xpath(".//button[text()='Delete image']")).click();
        browser.noDialog();
        browser.gone("tr[data-image-id='" + id + "']");

        browser.visible(".toast button[data-action=undo]").click();
        browser.waitUntil(d -> browser.toast().contains("is back"));
        browser.visible("tr[data-image-id='" + id + "']");
        assertTrue(fleet.imageExists(id));
    }

    @Test
    void undoShowsTheServersRefusalWhenTheEntryCannotComeBack() {
        String name = Fleet.unique("purged-meanwhile");
        String id = fleet.imageWithVersions(name, 2);
        deleteVersionOnItsPage(id, 0);
        WebElement undo = browser.visible(".toast button[data-action=undo]");
        // Someone purges it from the bin before Undo is clicked.
        String trashId = fleet.trashIds().get(0);
        assertEquals(202, fleet.sendAs(DashboardExtension.TOKEN, "DELETE", "/1.0/trash/" + trashId));
        undo.click();

        WebElement toast = browser.visible(".toast.toast-error .toast-text");
        assertTrue(toast.getText().startsWith("Version 0 of " + name + " was not restored: "), toast.getText());
        assertTrue(toast.getText().contains("recycle bin entry " + trashId), "the server's message: " + toast.getText());
    }

    private void deleteVersionOnItsPage(String imageId, int version) {
        browser.openSignedIn("/images/" + imageId, DashboardExtension.TOKEN);
        browser.visible(".versions-table tr[data-version='" + version + "'] button[data-action=delete-version]").click();
        browser.dialog().findElement(By.xpath(".//button[text()='Delete version " + version + "']")).click();
        browser.noDialog();
    }
}
