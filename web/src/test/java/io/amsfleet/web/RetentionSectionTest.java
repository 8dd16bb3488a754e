package io.amsfleet.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Retention section of an image's page (docs/retention.md): rules tried on the image are
 * previewed by the server, its plan listed with the server's reasons, applied exactly or refused
 * with what changed, saved as the image's policy, and that policy's runs listed.
 */
class RetentionSectionTest extends BrowserTest {
    private static final String SECTION = "#retention ";

    @Test
    void typedRulesPreviewWhatGoesAndWhatIsKeptWithTheServersReasons() {
        String name = Fleet.unique("ret-preview");
        String id = fleet.imageWithVersions(name, 4);
        String pinner = Fleet.unique("pinner");
        fleet.application(pinner, id, 0);

        open(name, id);
        keepLast("1");

        assertEquals(List.of("1", "2"), versions("remove"));
        assertEquals(List.of("3"), versions("keep"));
        assertEquals(List.of("0"), versions("blocked"));
        for (WebElement row : rows("remove")) {
            assertEquals("expired", reason(row));
            assertTrue(message(row).startsWith("no rule keeps it"), message(row));
        }
        assertEquals("keep_last", reason(rows("keep").get(0)));
        WebElement blocked = rows("blocked").get(0);
        assertEquals("version_in_use", reason(blocked));
        assertTrue(message(blocked).contains(pinner), message(blocked));
        String summary = browser.visible(SECTION + ".retention-summary").getText();
        assertTrue(summary.startsWith("2 to remove"), summary);
        assertTrue(summary.contains("1 kept, 1 blocked"), summary);
        assertEquals(List.of(0, 1, 2, 3), fleet.versions(id), "a preview removes nothing");
        browser.screenshots("retention-preview");
    }

    @Test
    void applyRemovesExactlyThePlannedVersionsIntoTheRecycleBin() {
        String name = Fleet.unique("ret-apply");
        String id = fleet.imageWithVersions(name, 4);
        open(name, id);
        keepLast("2");
        assertEquals(List.of("0", "1"), versions("remove"));

        browser.visible(SECTION + "button[data-action=apply-plan]").click();

        browser.visible(SECTION + "[data-retention-applied]");
        browser.gone(".versions-table tr[data-version='1']");
        assertEquals(List.of(2, 3), fleet.versions(id));
        assertEquals(List.of("3", "2"), browser.all(".versions-table tbody tr").stream()
                .map(r -> r.getAttribute("data-version")).toList());
        assertEquals(List.of(0, 1), fleet.versionsInTrash(name));
        assertTrue(browser.toast().contains("2 versions removed"), browser.toast());

        // The tried rules ran without a policy: the notice opens that run's report.
        browser.all(".toast .toast-close").forEach(WebElement::click);
        browser.visible(SECTION + "button[data-action=applied-run]").click();
        browser.waitUntil(d -> rows("remove").size() == 2);
        assertEquals(List.of("0", "1"), versions("remove"));
        assertTrue(browser.visible(SECTION + "[data-retention-applied]").getText().contains("Applied plan"),
                browser.visible(SECTION + "[data-retention-applied]").getText());
    }

    @Test
    void aVersionAddedAfterThePreviewIsRefusedWithWhatChangedAndAFreshPreviewApplies() {
        String name = Fleet.unique("ret-stale");
        String id = fleet.imageWithVersions(name, 3);
        open(name, id);
        keepLast("1");
        assertEquals(List.of("0", "1"), versions("remove"));
        String firstPlan = planId();

        int added = fleet.newVersion(id);
        // The event stream redraws the page: the plan says it was made before the change.
        browser.visible(SECTION + "[data-plan-stale]");
        assertEquals(firstPlan, planId(), "the live update keeps the plan on screen for the server to judge");

        browser.visible(SECTION + "button[data-action=apply-plan]").click();
        WebElement refusal = browser.visible(SECTION + "[data-refusal='412']");
        assertTrue(refusal.getText().contains("Not applied; nothing was removed."), refusal.getText());
        WebElement change = refusal.findElement(By.cssSelector("[data-change=new_version]"));
        assertTrue(change.getText().contains("new version (" + added + ")"), change.getText());
        assertEquals(List.of(0, 1, 2, added), fleet.versions(id));

        refusal.findElement(By.cssSelector("button[data-action=preview-fresh]")).click();
        browser.waitUntil(d -> !firstPlan.equals(planId()));
        assertFalse(browser.present(SECTION + "[data-refusal]"));
        assertFalse(browser.present(SECTION + "[data-plan-stale]"));
        assertEquals(List.of("0", "1", "2"), versions("remove"));

        browser.visible(SECTION + "button[data-action=apply-plan]").click();
        browser.visible(SECTION + "[data-retention-applied]");
        assertEquals(List.of(added), fleet.versions(id));
    }

    @Test
    void savedRulesBecomeTheImagesPolicyWhoseRunIsListedWithItsCounts() {
        String name = Fleet.unique("ret-runs");
        String id = fleet.imageWithVersions(name, 3);
        String policy = Fleet.unique("ret-policy");
        open(name, id);
        keepLast("1");
        WebElement policyId = browser.visible(SECTION + "input[name=policy_id]");
        policyId.clear();
        policyId.sendKeys(policy);
        browser.visible(SECTION + "button[data-action=save-policy]").click();

        WebElement listed = browser.visible(SECTION + "[data-policy='" + policy + "']");
        assertTrue(listed.getText().contains("This image"), listed.getText());
        assertTrue(listed.getText().contains("keeps the last 1"), listed.getText());
        browser.visible(SECTION + "[data-retention-runs] .empty-row");

        listed.findElement(By.cssSelector("button[data-action=preview-policy]")).click();
        browser.waitUntil(d -> browser.visible(SECTION + ".retention-summary").getText().contains("policy " + policy));
        assertEquals(List.of("0", "1"), versions("remove"));
        browser.visible(SECTION + "button[data-action=apply-plan]").click();
        browser.visible(SECTION + "[data-retention-applied]");

        JsonNode run = fleet.retentionRuns(policy).get(0);
        WebElement row = browser.visible(SECTION + "tr[data-run-id='" + run.path("id").asText() + "']");
        assertEquals("2", row.findElement(By.cssSelector("[data-removed]")).getText());
        assertEquals("1", row.findElement(By.cssSelector("[data-kept]")).getText());
        assertEquals("0", row.findElement(By.cssSelector("[data-blocked]")).getText());
        assertTrue(row.getText().contains(policy) && row.getText().contains("success"), row.getText());

        // The apply's toast sits over the table's last column.
        browser.all(".toast .toast-close").forEach(WebElement::click);
        row.findElement(By.cssSelector("button[data-action=run-details]")).click();
        WebElement details = browser.visible(SECTION + "tr[data-run-details='" + run.path("id").asText() + "']");
        browser.waitUntil(d -> !details.findElements(By.cssSelector("tr[data-outcome=remove]")).isEmpty());
        assertEquals(List.of("0", "1"), details.findElements(By.cssSelector("tr[data-outcome=remove]")).stream()
                .map(r -> r.getAttribute("data-version")).toList());
        assertTrue(details.getText().contains("Applied plan " + run.path("plan_id").asText()), details.getText());
        browser.screenshots("retention-runs");
    }

    @Test
    void anOperatorPreviewsButApplyingAndSavingSayTheyNeedAnAdmin() {
        String name = Fleet.unique("ret-operator");
        String id = fleet.imageWithVersions(name, 3);
        openAs(fleet.token(Fleet.unique("operator"), "operator"), name, id);
        keepLast("1");
        assertEquals(List.of("0", "1"), versions("remove"));

        unavailable("apply-plan", "needs an admin token").click();
        unavailable("save-policy", "needs an admin token").click();
        assertEquals(List.of(0, 1, 2), fleet.versions(id));
    }

    @Test
    void aViewerSeesThePoliciesAndRunsButPreviewingSaysItNeedsAnOperator() {
        String name = Fleet.unique("ret-viewer");
        String id = fleet.imageWithVersions(name, 2);
        openAs(fleet.token(Fleet.unique("viewer"), "viewer"), name, id);

        WebElement preview = unavailable("preview-rules", "needs an operator or admin token");
        browser.visible(SECTION + "input[name=keep_last]").sendKeys("1");
        preview.click();
        pause(2 * 600);
        assertFalse(browser.present(SECTION + ".retention-summary"));
        assertEquals("", browser.all(SECTION + ".retention-rules + .field-error").get(0).getText(),
                "nothing was sent for the server to refuse");
    }

    @Test
    void aRuleTheServerRefusesIsShownInItsWords() {
        String name = Fleet.unique("ret-bad");
        String id = fleet.image(name);
        open(name, id);
        WebElement older = browser.visible(SECTION + "input[name=older_than]");
        older.sendKeys("soon");
        WebElement error = browser.visible(SECTION + ".retention-rules + .field-error");
        assertTrue(error.getText().contains("duration such as 30d") && error.getText().contains("\"soon\""), error.getText());
        assertFalse(browser.present(SECTION + ".retention-summary"));
    }

    /** Longer than the typing pause after which the section previews by itself. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void open(String name, String id) {
        openAs(DashboardExtension.TOKEN, name, id);
    }

    /** The image's page, once its Retention section has read the policies. */
    private void openAs(String token, String name, String id) {
        browser.openSignedIn("/images/" + id, token);
        browser.visible(By.xpath("//h1[text()='" + name + "']"));
        browser.visible(SECTION + "[data-retention-runs] > *");
    }

    /** A button of the section that the caller's role cannot use, saying why. */
    private WebElement unavailable(String action, String why) {
        WebElement button = browser.visible(SECTION + "button[data-action=" + action + "]");
        assertEquals("true", button.getAttribute("aria-disabled"), action);
        assertTrue(browser.description(button).contains(why), browser.description(button));
        return button;
    }

    /** Types the rule and waits for the live preview: no button is pressed. */
    private void keepLast(String n) {
        String before = planId();
        browser.visible(SECTION + "input[name=keep_last]").sendKeys(n);
        browser.waitUntil(d -> planId() != null && !planId().equals(before));
    }

    private String planId() {
        List<WebElement> summary = browser.all(SECTION + ".retention-summary");
        return summary.isEmpty() ? null : summary.get(0).getAttribute("data-plan-id");
    }

    private List<WebElement> rows(String outcome) {
        return browser.all(SECTION + "[data-retention-plan] tr[data-outcome=" + outcome + "]");
    }

    private List<String> versions(String outcome) {
        return rows(outcome).stream().map(r -> r.getAttribute("data-version")).toList();
    }

    private static String reason(WebElement row) {
        return row.findElement(By.cssSelector("[data-reason]")).getText();
    }

    private static String message(WebElement row) {
        return row.findElement(By.cssSelector("[data-message]")).getText();
    }
}
