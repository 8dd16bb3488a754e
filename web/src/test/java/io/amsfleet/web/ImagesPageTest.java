package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagesPageTest extends BrowserTest {
    @Test
    void eachImageIsARowWithItsFieldsAndADeleteButton() {
        String name = Fleet.unique("row");
        String id = fleet.imageWithVersions(name, 2);
        fleet.application(Fleet.unique("row-app"), id, 0);

        browser.openSignedIn("/images?name=" + name, DashboardExtension.TOKEN);
        browser.tableLoaded();

        List<String> headers = browser.all("table thead th").stream().map(th -> th.getAttribute("textContent").trim()).toList();
        assertEquals(List.of("Name", "ID", "Type", "Status", "Versions", "Architecture", "Default", "Immutable", "Used by", "Actions"), headers);
        WebElement row = browser.visible("tr[data-image-id='" + id + "']");
        List<String> cells = row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
        assertEquals(List.of(name, id, "Container", "active", "2", "x86_64", "No", "No", "1 application", "Delete"), cells);
        WebElement delete = row.findElement(By.cssSelector("button[data-action=delete]"));
        assertEquals("Delete image " + name, delete.getAccessibleName());
    }

    @Test
    void theImagesPageLooksTidyOnALaptopAndInANarrowWindow() {
        for (String n : List.of("jammy:android13:x86_64", "jammy:android14:x86_64", "gaming-base")) {
            String id = fleet.image(Fleet.unique(n));
            fleet.newVersion(id);
        }
        browser.openSignedIn("/images", DashboardExtension.TOKEN);
        browser.tableLoaded();
        browser.screenshots("images");
    }

    @Test
    void theTableLoadsWithoutMovingAnythingOnThePage() {
        browser.openSignedIn("/images", DashboardExtension.TOKEN);
        browser.tableLoaded();

        // Chromium reports every layout shift; placeholder rows and reserved space should leave none.
        Object shifts = browser.script("const shifts = [];"
                + "new PerformanceObserver((list) => shifts.push(...list.getEntries().map((e) => e.value)))"
                + "  .observe({type: 'layout-shift', buffered: true});"
                + "return new Promise((resolve) => setTimeout(() => resolve(shifts.reduce((a, b) => a + b, 0)), 200));");
        assertEquals(0.0, ((Number) shifts).doubleValue(), 0.001, "cumulative layout shift");
    }

    @Test
    void filteringByNamePrefixAndTypeShowsOnlyMatches() {
        String name = Fleet.unique("filtered");
        String containerId = fleet.image(name);
        String vmId = fleet.image(name, "vm");
        browser.openSignedIn("/images", DashboardExtension.TOKEN);
        browser.tableLoaded();

        String prefix = name.substring(0, name.length() - 1);
        browser.visible("#main input[type=search]").sendKeys(prefix, Keys.ENTER);
        browser.waitUntil(d -> rowIds().equals(List.of(containerId, vmId)) || rowIds().equals(List.of(vmId, containerId)));
        assertEquals("2 matches", browser.visible(".page-count").getText());

        new Select(browser.visible("#main form[role=search] select")).selectByVisibleText("VM");
        browser.waitUntil(d -> rowIds().equals(List.of(vmId)));
        assertTrue(browser.address().contains("type=vm") && browser.address().contains("name=" + prefix),
                "the filters are in the address, so a reload keeps them: " + browser.address());

        browser.driver().navigate().refresh();
        browser.tableLoaded();
        assertEquals(List.of(vmId), rowIds());
    }

    @Test
    void aNameThatMatchesNothingSaysSo() {
        browser.openSignedIn("/images?name=" + Fleet.unique("nothing"), DashboardExtension.TOKEN);
        browser.tableLoaded();
        assertEquals("No image matches these filters.", browser.visible("tr.empty-row p").getText());
    }

    @Test
    void pagingAsksTheServerForOnePageAtATime() {
        // More images than a page holds, all of one type so that a type filter pages through them.
        for (int i = 0; i < 27; i++) {
            fleet.image(Fleet.unique("paged"), "vm");
        }
        browser.openSignedIn("/images?type=vm", DashboardExtension.TOKEN);
        browser.tableLoaded();
        int total = Integer.parseInt(browser.visible(".page-count").getText().replaceAll("\\D", ""));
        assertTrue(total >= 28, "27 images plus the default VM image: " + total);
        assertEquals(25, rowIds().size());
        assertTrue(browser.visible(".pager-summary").getText().startsWith("Showing 1–25 of "));

        WebElement next = browser.visible(By.xpath("//button[contains(., 'Next')]"));
        next.click();
        browser.waitUntil(d -> browser.visible(".pager-summary").getText().startsWith("Showing 26–"));
        browser.tableLoaded();
        assertEquals(Math.min(25, total - 25), rowIds().size());
        assertTrue(browser.address().contains("page=2"), browser.address());

        @SuppressWarnings("unchecked")
        List<String> requests = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/1.0/images?'))");
        assertTrue(requests.stream().allMatch(r -> r.contains("limit=25")), "every list request asks for one page: " + requests);
        assertTrue(requests.stream().anyMatch(r -> r.contains("offset=25")), "the second page is asked by offset: " + requests);
    }

    /** The image ids of the rows shown, read in one go so that a redraw cannot come in between. */
    @SuppressWarnings("unchecked")
    private List<String> rowIds() {
        return (List<String>) browser.script("return [...document.querySelectorAll('tbody tr[data-image-id]')].map((r) => r.dataset.imageId)");
    }
}
