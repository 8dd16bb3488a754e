package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditTest extends BrowserTest {
    @Test
    void anAdminSeesWhoDeletedWhatAndWhoWasRefused() {
        String name = Fleet.unique("audited");
        String imageId = fleet.image(name);
        String viewerName = Fleet.unique("viewer");
        String adminName = Fleet.unique("admin");
        String viewer = fleet.token(viewerName, "viewer");
        String admin = fleet.token(adminName, "admin");
        assertEquals(403, fleet.sendAs(viewer, "DELETE", "/1.0/images/" + imageId));
        assertEquals(202, fleet.sendAs(admin, "DELETE", "/1.0/images/" + imageId));

        browser.openSignedIn("/audit", admin);
        browser.visible(By.cssSelector("#nav-audit a"));
        browser.visible(By.cssSelector("#main input[name=image]")).sendKeys(name, Keys.ENTER);
        List<String> deleted = browser.waitUntil(d -> outcomeAndText(adminName, "image.delete"));
        assertEquals("success", deleted.get(0), deleted.get(1));
        assertTrue(deleted.get(1).contains(name), deleted.get(1));
        assertTrue(browser.address().contains("image=" + name), browser.address());
        // The API gives Unix seconds: read as milliseconds, the row would say January 1970.
        String when = row(adminName, "image.delete").findElement(By.cssSelector("time")).getAttribute("datetime");
        assertTrue(java.time.Duration.between(java.time.Instant.parse(when), java.time.Instant.now()).abs()
                .toMinutes() < 10, when);
        browser.screenshot("audit");

        // The viewer's attempt was refused before the image was looked at: find it by actor.
        WebElement image = browser.visible(By.cssSelector("#main input[name=image]"));
        image.clear();
        browser.visible(By.cssSelector("#main input[name=actor]")).sendKeys(viewerName, Keys.ENTER);
        List<String> refused = browser.waitUntil(d -> outcomeAndText(viewerName, "image.delete"));
        assertEquals("refused", refused.get(0), refused.get(1));
        assertTrue(refused.get(1).contains("403"), refused.get(1));
        browser.screenshot("audit-refused");
    }

    @Test
    void aViewerIsToldTheAuditTrailNeedsAdmin() {
        String viewer = fleet.token(Fleet.unique("v"), "viewer");
        browser.openSignedIn("/audit", viewer);
        WebElement panel = browser.visible(By.cssSelector("#main [data-reason=forbidden]"));
        assertTrue(panel.getText().contains("needs the admin role"), panel.getText());
        assertTrue(browser.driver().findElements(By.cssSelector("#nav-audit:not([hidden])")).isEmpty(), "no audit link for a viewer");
        browser.screenshot("audit-viewer");
    }

    /**
     * The row's outcome and text, read together: the row may be one of the table the filter is
     * about to replace, and a row replaced while it is read is looked up again (waitUntil).
     */
    private List<String> outcomeAndText(String actor, String action) {
        WebElement row = row(actor, action);
        return row == null ? null : List.of(row.getAttribute("data-outcome"), row.getText());
    }

    private WebElement row(String actor, String action) {
        return rows().stream().filter(r -> r.getText().contains(actor) && action.equals(r.getAttribute("data-action")))
                .findFirst().orElse(null);
    }

    private List<WebElement> rows() {
        return browser.driver().findElements(By.cssSelector("#main table.audit-table tbody tr[data-audit-id]"));
    }
}
