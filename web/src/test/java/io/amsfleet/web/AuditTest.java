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
        WebElement deleted = browser.waitUntil(d -> row(adminName, "image.delete"));
        assertEquals("success", deleted.getAttribute("data-outcome"), deleted.getText());
        assertTrue(deleted.getText().contains(name), deleted.getText());
        assertTrue(browser.address().contains("image=" + name), browser.address());
        browser.screenshot("audit");

        // The viewer's attempt was refused before the image was looked at: find it by actor.
        WebElement image = browser.visible(By.cssSelector("#main input[name=image]"));
        image.clear();
        browser.visible(By.cssSelector("#main input[name=actor]")).sendKeys(viewerName, Keys.ENTER);
        WebElement refused = browser.waitUntil(d -> row(viewerName, "image.delete"));
        assertEquals("refused", refused.getAttribute("data-outcome"), refused.getText());
        assertTrue(refused.getText().contains("403"), refused.getText());
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

    private WebElement row(String actor, String action) {
        return rows().stream().filter(r -> r.getText().contains(actor) && action.equals(r.getAttribute("data-action")))
                .findFirst().orElse(null);
    }

    private List<WebElement> rows() {
        return browser.driver().findElements(By.cssSelector("#main table.audit-table tbody tr[data-audit-id]"));
    }
}
