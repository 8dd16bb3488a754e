package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApplicationsTest extends BrowserTest {
    @Test
    void creatingAnApplicationPinsTheChosenImageVersion() {
        String image = Fleet.unique("app-base");
        String imageId = fleet.imageWithVersions(image, 3);
        String name = Fleet.unique("new-app");
        browser.openSignedIn("/applications", DashboardExtension.TOKEN);
        browser.tableLoaded();

        browser.visible(By.xpath("//button[text()='Create application']")).click();
        WebElement dialog = browser.dialog();
        assertEquals(dialog.findElement(By.cssSelector("input[name=name]")), browser.focused());
        browser.focused().sendKeys(name);
        WebElement imageField = dialog.findElement(By.cssSelector("input[name=image]"));
        imageField.sendKeys(image, Keys.TAB);
        Select version = new Select(dialog.findElement(By.cssSelector("select[name=version]")));
        browser.waitUntil(d -> version.getOptions().size() == 4);
        assertEquals("Latest (version 2)", version.getFirstSelectedOption().getText());
        version.selectByVisibleText("Version 1");
        browser.screenshots("create-application-dialog");
        dialog.findElement(By.xpath(".//button[text()='Create application']")).click();

        browser.noDialog();
        browser.visible(By.xpath("//h1[text()='" + name + "']"));
        String appId = fleet.applicationId(name);
        assertEquals(1, fleet.applicationJson(appId).path("versions").get(0).path("parent_image_version").asInt());
        WebElement facts = browser.visible(".facts");
        assertTrue(facts.getText().contains(image), facts.getText());
        assertTrue(facts.getText().contains("Version 1"), facts.getText());
        browser.screenshots("application-details");
    }

    @Test
    void anImageThatDoesNotExistIsCaughtInTheForm() {
        browser.openSignedIn("/applications", DashboardExtension.TOKEN);
        browser.visible(By.xpath("//button[text()='Create application']")).click();
        WebElement dialog = browser.dialog();
        browser.focused().sendKeys(Fleet.unique("app"));
        String missing = Fleet.unique("no-such-image");
        dialog.findElement(By.cssSelector("input[name=image]")).sendKeys(missing, Keys.ENTER);

        WebElement image = dialog.findElement(By.cssSelector("input[name=image]"));
        WebElement error = browser.visible(By.id(image.getAttribute("aria-describedby").split(" ")[1]));
        assertEquals("There is no image named " + missing + ".", error.getText());
        assertEquals("true", image.getAttribute("aria-invalid"));
        browser.focused().sendKeys(Keys.ESCAPE);
        browser.noDialog();
    }

    @Test
    void theListShowsThePinnedImageAndDeletesAnApplicationAfterConfirmation() {
        String image = Fleet.unique("listed-image");
        String imageId = fleet.image(image);
        String name = Fleet.unique("listed-app");
        String appId = fleet.application(name, imageId, null);
        browser.openSignedIn("/applications", DashboardExtension.TOKEN);
        browser.tableLoaded();
        // The newest application may be on a later page.
        while (browser.all("tr[data-application-id='" + appId + "']").isEmpty()) {
            browser.visible(By.xpath("//button[contains(., 'Next')]")).click();
            browser.tableLoaded();
        }
        WebElement row = browser.visible("tr[data-application-id='" + appId + "']");
        assertTrue(row.getText().contains(image) && row.getText().contains("Version 0"), row.getText());
        browser.screenshots("applications");

        row.findElement(By.cssSelector("button[data-action=delete]")).click();
        WebElement dialog = browser.dialog();
        assertEquals("Delete application " + name + "?", dialog.findElement(By.cssSelector("h2")).getText());
        assertTrue(dialog.getText().contains("and its only version"));
        dialog.findElement(By.xpath(".//button[text()='Delete application']")).click();

        browser.noDialog();
        browser.waitUntil(d -> d.findElements(By.cssSelector("tr[data-application-id='" + appId + "']")).isEmpty());
        assertFalse(fleet.applicationExists(appId));
        assertTrue(fleet.imageExists(imageId), "the image stays");
    }

    @Test
    void anApplicationWhoseImageWasForceDeletedSaysItKeepsItsCopy() {
        String imageId = fleet.image(Fleet.unique("short-lived"));
        String name = Fleet.unique("survivor");
        String appId = fleet.application(name, imageId, null);
        browser.openSignedIn("/images/" + imageId, DashboardExtension.TOKEN);
        browser.visible(By.xpath("//div[@class='page-actions']//button[text()='Delete image']")).click();
        browser.dialog().findElement(By.cssSelector("input[name=force]")).click();
        browser.visible(By.xpath("//dialog//button[text()='Delete image']")).click();
        browser.waitUntil(d -> browser.address().equals("/images"));

        browser.open("/applications/" + appId);
        browser.visible(By.xpath("//h1[text()='" + name + "']"));
        assertTrue(browser.visible(".notice-info").getText().contains("keeps its own copy"));
        browser.visible(By.xpath("//div[@class='page-actions']//button[text()='Delete application']")).click();
        browser.dialog().findElement(By.xpath(".//button[text()='Delete application']")).click();
        browser.waitUntil(d -> browser.address().equals("/applications"));
        assertFalse(fleet.applicationExists(appId));
    }

    @Test
    void aViewerCannotCreateOrDeleteApplicationsAndIsToldWhy() {
        String imageId = fleet.image(Fleet.unique("viewer-base"));
        String name = Fleet.unique("viewer-app");
        String appId = fleet.application(name, imageId, null);
        String viewer = fleet.token(Fleet.unique("v"), "viewer");
        browser.openSignedIn("/applications", viewer);
        browser.tableLoaded();

        WebElement create = browser.visible(By.xpath("//button[text()='Create application']"));
        assertEquals("true", create.getAttribute("aria-disabled"));
        assertTrue(browser.description(create).contains("operator or admin"), browser.description(create));
        browser.screenshot("applications-viewer");

        browser.open("/applications/" + appId);
        WebElement delete = browser.visible(By.xpath("//button[text()='Delete application']"));
        assertEquals("true", delete.getAttribute("aria-disabled"));
        assertTrue(browser.description(delete).contains("viewer"), browser.description(delete));
    }

    @Test
    void anApplicationWhoseImageWasForceDeletedStillNamesThatImage() {
        String image = Fleet.unique("force-deleted");
        String imageId = fleet.image(image);
        String name = Fleet.unique("orphan");
        String appId = fleet.application(name, imageId, 0);
        fleet.delete(imageId, null, true);

        // Applications are listed oldest first: this one is on the last page.
        browser.openSignedIn("/applications?size=100", DashboardExtension.TOKEN);
        browser.tableLoaded();
        browser.visible(By.cssSelector("button[aria-label='Last page']")).click();
        WebElement row = browser.visible("tr[data-application-id='" + appId + "']");
        WebElement deleted = row.findElement(By.cssSelector("[data-deleted-image]"));
        assertEquals(image, deleted.getText(), "the name the server kept, not \"Deleted image\"");
        assertTrue(row.getText().contains("Deleted from catalogue"), row.getText());

        row.findElement(By.linkText(name)).click();
        WebElement facts = browser.visible(".facts [data-deleted-image]");
        assertTrue(facts.getText().startsWith(image), facts.getText());
        assertTrue(facts.getText().contains("Not in the catalogue"), facts.getText());
        browser.screenshots("application-image-force-deleted");
    }
}
