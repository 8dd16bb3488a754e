package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What people must be able to read and reach: nothing cut off with room to spare in a 1400 px
 * window, and every row's Delete in reach in a 420 px one.
 */
class LayoutTest extends BrowserTest {
    @Test
    void anApplicationOnAForceDeletedImageShowsItsVersionAndTheMarkInFullAt1400px() {
        String imageId = fleet.imageWithVersions(Fleet.unique("gone-base"), 2);
        String name = Fleet.unique("orphan-app");
        String appId = fleet.application(name, imageId, 1);
        fleet.delete("/1.0/images/" + imageId, true);

        browser.openSignedIn("/applications?size=100", DashboardExtension.TOKEN);
        browser.tableLoaded();
        // The newest application may be on a later page.
        while (browser.all("tr[data-application-id='" + appId + "']").isEmpty()) {
            browser.visible(By.xpath("//button[contains(., 'Next')]")).click();
            browser.tableLoaded();
        }
        browser.atSize(Browser.WIDE, () -> {
            WebElement cell = browser.visible("tr[data-application-id='" + appId + "'] td.col-image-version");
            assertTrue(cell.getText().startsWith("Version 1"), cell.getText());
            WebElement mark = cell.findElement(By.cssSelector(".badge"));
            assertEquals("Deleted from catalogue", mark.getText());
            assertNull(browser.cutOff(cell), "the Image version cell");
            assertNull(browser.cutOff(mark), "the Deleted from catalogue mark");
            browser.screenshot("applications-1400");
        });

        browser.open("/applications/" + appId);
        browser.atSize(Browser.WIDE, () -> {
            WebElement pin = browser.visible("tr[data-version='0'] td.col-image-version");
            assertTrue(pin.getText().startsWith("Version 1"), pin.getText());
            assertNull(browser.cutOff(pin), "the version's Image version cell");
            assertNull(browser.cutOff(pin.findElement(By.cssSelector(".badge"))), "its Deleted from catalogue mark");
            for (WebElement fact : browser.all(".facts dd")) {
                assertNull(browser.cutOff(fact), fact.getText());
            }
            browser.screenshot("application-details-1400");
        });
    }

    @Test
    void theAuditTrailShowsWholeActionNamesAt1400px() {
        String imageId = fleet.imageWithVersions(Fleet.unique("audit-layout"), 2);
        fleet.delete("/1.0/images/" + imageId + "/0", false);

        browser.openSignedIn("/audit?image=" + imageId + "&action=image.version.delete", DashboardExtension.TOKEN);
        browser.tableLoaded();
        browser.atSize(Browser.WIDE, () -> {
            WebElement action = browser.visible("tr[data-action='image.version.delete'] td.col-action code");
            assertEquals("image.version.delete", action.getText());
            assertNull(browser.cutOff(action), "the Action column");
            WebElement outcome = browser.visible("tr[data-action='image.version.delete'] td.col-outcome");
            assertNull(browser.cutOff(outcome), "the Outcome column");
            browser.screenshot("audit-1400");
        });
    }

    @Test
    void everyDeleteButtonIsInReachAt420px() {
        String image = Fleet.unique("narrow");
        String imageId = fleet.imageWithVersions(image, 3);
        String app = Fleet.unique("narrow-app");
        String appId = fleet.application(app, imageId, 2);
        List<String> pages = List.of("/images?name=" + image, "/images/" + imageId, "/applications", "/applications/" + appId);
        List<String> shots = List.of("images", "image-details", "applications", "application-details");

        browser.openSignedIn("/images", DashboardExtension.TOKEN);
        browser.atSize(Browser.NARROW, () -> {
            for (int i = 0; i < pages.size(); i++) {
                String page = pages.get(i);
                browser.open(page);
                browser.visible(".table-wrap tbody tr:not(.skeleton-row) .col-actions button");
                List<WebElement> buttons = browser.all(".table-wrap tbody .col-actions button");
                assertFalse(buttons.isEmpty(), page);
                for (WebElement button : buttons) {
                    assertNull(browser.outOfReach(button), page + ": " + button.getAccessibleName());
                }
                browser.screenshot("reach-" + shots.get(i) + "-narrow");
            }
            // And a click there does what it says: the image's delete dialog opens.
            browser.open("/images?name=" + image);
            browser.tableLoaded();
            WebElement delete = browser.visible("tr[data-image-id='" + imageId + "'] button[data-action=delete]");
            assertNull(browser.outOfReach(delete));
            delete.click();
            WebElement dialog = browser.dialog();
            assertEquals("Delete image " + image + "?", dialog.findElement(By.cssSelector("h2")).getText());
            browser.focused().sendKeys(Keys.ESCAPE);
            browser.noDialog();
        });
    }

    @Test
    void theDefaultBadgeIsNotAWarning() {
        browser.openSignedIn("/images?name=base-container", DashboardExtension.TOKEN);
        browser.tableLoaded();
        WebElement badge = browser.visible("tbody tr .badge-default");
        assertEquals("Default", badge.getText());
        // Warm colours (red over blue) are what this dashboard uses for warnings and refusals.
        List<?> rgb = (List<?>) browser.script("return getComputedStyle(arguments[0]).backgroundColor.match(/\\d+/g).map(Number)", badge);
        int red = ((Number) rgb.get(0)).intValue();
        int blue = ((Number) rgb.get(2)).intValue();
        assertTrue(blue >= red, "the Default badge's background is " + rgb + ", a warm colour");
    }
}
