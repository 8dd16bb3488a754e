package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deleting whole images from the Images page: the dialog, its dry run, force, and the result. */
class ImageDeletionTest extends BrowserTest {
    @Test
    void deletingAnImageThroughTheDialogRemovesItFromTheTableAndTheServer() {
        String name = Fleet.unique("doomed");
        String id = fleet.imageWithVersions(name, 2);
        String neighbour = fleet.image(Fleet.unique("neighbour"));
        showImages(name);

        deleteButton(id).click();
        WebElement dialog = browser.dialog();
        assertEquals("Delete image " + name + "?", dialog.findElement(By.cssSelector("h2")).getText());
        assertEquals("This removes the container image " + name + " and all its 2 versions.", dialog.findElement(By.cssSelector(".lead")).getText());
        assertEquals(2, dialog.findElements(By.cssSelector(".removal-list li")).size());
        assertTrue(dialog.findElements(By.cssSelector("input[name=force]")).isEmpty(), "nothing blocks it, so no force");
        WebElement confirm = dialog.findElement(By.xpath(".//button[text()='Delete image']"));
        assertEquals(confirm, browser.focused(), "the confirm button has focus once the dry run has answered");
        browser.screenshots("delete-image-dialog");
        confirm.click();

        browser.noDialog();
        browser.waitUntil(d -> browser.all("tr[data-image-id='" + id + "']").isEmpty());
        assertTrue(browser.toast().contains("Image " + name + " and 2 versions deleted"));
        assertFalse(fleet.imageExists(id), "gone on the server too");
        assertTrue(fleet.imageExists(neighbour));
        assertTrue(browser.focused().getAttribute("class").contains("table-wrap"), "focus stays on the table the row has left");
    }

    @Test
    void deletingTheDefaultImageShowsWhyAndOffersNoForce() {
        String name = Fleet.unique("the-default");
        String id = fleet.image(name, "vm");
        fleet.makeDefault(id);
        try {
            showImages(name);
            deleteButton(id).click();
            WebElement dialog = browser.dialog();

            WebElement blocker = dialog.findElement(By.cssSelector("[data-code=image_is_default]"));
            assertTrue(blocker.getText().contains("is the default vm image; set a new default first"), blocker.getText());
            WebElement other = blocker.findElement(By.linkText("Choose another VM image to make default"));
            assertTrue(other.getAttribute("href").endsWith("/images?type=vm"));
            assertTrue(dialog.findElements(By.cssSelector("input[name=force]")).isEmpty(), "force cannot lift this rule");
            assertTrue(dialog.findElements(By.xpath(".//button[text()='Delete image']")).stream().noneMatch(WebElement::isDisplayed));
            WebElement close = dialog.findElement(By.xpath(".//button[text()='Close']"));
            assertEquals(close, browser.focused());
            browser.screenshots("delete-default-refused");

            close.click();
            browser.noDialog();
            assertEquals(deleteButton(id), browser.focused(), "focus returns to the button that opened the dialog");
            assertTrue(fleet.imageExists(id));
        } finally {
            fleet.makeDefault(fleet.imageJson("base-vm?type=vm").path("id").asText());
        }
    }

    @Test
    void forceDeletingAnInUseImageListsItsApplicationsWhichKeepTheirCopy() {
        String name = Fleet.unique("in-use");
        String id = fleet.image(name);
        String appName = Fleet.unique("player");
        String appId = fleet.application(appName, id, null);
        showImages(name);

        deleteButton(id).click();
        WebElement dialog = browser.dialog();
        WebElement blocker = dialog.findElement(By.cssSelector("[data-code=image_in_use]"));
        WebElement appLink = blocker.findElement(By.linkText(appName));
        assertTrue(appLink.getAttribute("href").endsWith("/applications/" + appId));
        WebElement force = dialog.findElement(By.cssSelector("input[name=force]"));
        assertEquals(force, browser.focused(), "the next step is the Force checkbox");
        assertTrue(force.getAccessibleName().startsWith("Force"));
        String help = browser.description(force);
        assertTrue(help.contains(appName + " keeps its own copy"), help);
        WebElement confirm = dialog.findElement(By.xpath(".//button[text()='Delete image']"));
        assertFalse(confirm.isEnabled(), "without force the server would refuse");
        browser.screenshots("delete-in-use-force");

        force.sendKeys(Keys.SPACE);
        assertTrue(confirm.isEnabled());
        force.sendKeys(Keys.ENTER);

        browser.noDialog();
        browser.waitUntil(d -> browser.all("tr[data-image-id='" + id + "']").isEmpty());
        assertTrue(browser.toast().contains("(forced)"));
        assertFalse(fleet.imageExists(id));
        assertTrue(fleet.applicationExists(appId), "the application keeps working");
        assertTrue(fleet.applicationJson(appId).path("versions").get(0).path("parent_image_deleted").asBoolean());
    }

    @Test
    void escapeClosesTheDialogWithoutDeletingAndEnterConfirms() {
        String name = Fleet.unique("keyboard");
        String id = fleet.image(name);
        showImages(name);

        WebElement button = deleteButton(id);
        button.sendKeys(Keys.ENTER);
        browser.dialog();
        browser.focused().sendKeys(Keys.ESCAPE);
        browser.noDialog();
        assertEquals(button, browser.focused(), "focus returns to the Delete button");
        assertTrue(fleet.imageExists(id));

        button.sendKeys(Keys.ENTER);
        browser.dialog();
        browser.focused().sendKeys(Keys.ENTER);
        browser.noDialog();
        browser.waitUntil(d -> !fleet.imageExists(id));
    }

    @Test
    void aDeleteTheServerRefusesShowsItsMessageAndRemovesNothing() {
        String name = Fleet.unique("raced");
        String id = fleet.image(name);
        showImages(name);
        deleteButton(id).click();
        WebElement dialog = browser.dialog();
        WebElement confirm = dialog.findElement(By.xpath(".//button[text()='Delete image']"));

        // Between the dry run and the click, someone else starts using the image.
        String appName = Fleet.unique("latecomer");
        fleet.application(appName, id, null);
        confirm.click();

        WebElement error = browser.visible("dialog[open] .dialog-error .notice");
        assertTrue(error.getText().startsWith("Not deleted."), error.getText());
        browser.waitUntil(d -> !d.findElements(By.cssSelector("dialog[open] [data-code=image_in_use]")).isEmpty());
        assertTrue(fleet.imageExists(id));
        browser.focused().sendKeys(Keys.ESCAPE);
        browser.noDialog();
        assertEquals(1, browser.all("tr[data-image-id='" + id + "']").size(), "the row stays: the server removed nothing");
    }

    @Test
    void theDetailsPageDeletesTheImageFromItsHeaderAndReturnsToTheList() {
        String name = Fleet.unique("detailed");
        String id = fleet.image(name);
        browser.openSignedIn("/images/" + id, DashboardExtension.TOKEN);
        browser.visible(By.xpath("//h1[text()='" + name + "']"));

        browser.visible(By.xpath("//div[@class='page-actions']//button[text()='Delete image']")).click();
        browser.dialog().findElement(By.xpath(".//button[text()='Delete image']")).click();

        browser.waitUntil(d -> browser.address().equals("/images"));
        assertTrue(browser.toast().contains(name));
        assertFalse(fleet.imageExists(id));
    }

    @Test
    void settingAnotherImageAsDefaultFromItsDetailsPage() {
        String name = Fleet.unique("new-default");
        String id = fleet.image(name, "vm");
        String previous = fleet.imageJson("base-vm?type=vm").path("id").asText();
        try {
            browser.openSignedIn("/images/" + id, DashboardExtension.TOKEN);
            browser.visible(By.xpath("//button[text()='Set as default']")).click();

            browser.visible(By.xpath("//span[contains(@class,'badge') and text()='Default VM image']"));
            assertTrue(fleet.isDefault(id));
            assertTrue(browser.all("button").stream().noneMatch(b -> b.getText().equals("Set as default")));
        } finally {
            fleet.makeDefault(previous);
        }
    }

    private void showImages(String name) {
        browser.openSignedIn("/images?name=" + name, DashboardExtension.TOKEN);
        browser.tableLoaded();
    }

    private WebElement deleteButton(String id) {
        return browser.visible("tr[data-image-id='" + id + "'] button[data-action=delete]");
    }
}
