package io.amsfleet.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInTest extends BrowserTest {
    @Test
    void aPageOpenedWithoutATokenAsksForOneAndThenShowsThatPage() {
        browser.open("/signin");
        browser.signOutOfStorage();
        browser.open("/applications");

        browser.waitUntil(d -> browser.address().startsWith("/signin"));
        var token = browser.visible("#main input[type=password]");
        assertEquals(token, browser.focused(), "the token field has focus");
        browser.screenshots("signin");
        token.sendKeys(DashboardExtension.TOKEN, Keys.ENTER);

        browser.waitUntil(d -> browser.address().equals("/applications"));
        browser.visible(By.xpath("//h1[text()='Applications']"));
    }

    @Test
    void theSignInPageSaysWhereATokenComesFrom() {
        browser.open("/signin");
        browser.signOutOfStorage();
        browser.open("/signin");
        String help = browser.visible("#main [data-token-help]").getText();
        assertTrue(help.contains("~/.local/share/ams/admin.token"), help);
        assertTrue(help.contains("$AMS_DATA_DIR/admin.token"), help);
        assertTrue(help.contains("amc auth token create alice --role viewer"), help);
    }

    @Test
    void theTokenIsKeptForTheBrowserSessionOnly() {
        browser.open("/signin");
        browser.signOutOfStorage();
        browser.open("/signin");
        browser.visible("#main input[type=password]").sendKeys(DashboardExtension.TOKEN, Keys.ENTER);
        browser.visible(By.xpath("//h1[text()='Images']"));

        assertEquals(DashboardExtension.TOKEN, browser.script("return sessionStorage.getItem('ams.token')"));
        assertEquals(0L, browser.script("return localStorage.length"), "nothing is kept beyond the session");
        assertTrue(browser.script("return document.cookie").toString().isEmpty(), "no cookie either");
    }

    @Test
    void aTokenTheServerDoesNotKnowIsRefusedOnTheSignInPage() {
        browser.open("/signin");
        browser.signOutOfStorage();
        browser.open("/signin");
        var token = browser.visible("#main input[type=password]");
        token.sendKeys("not-a-token", Keys.ENTER);

        var error = browser.visible("#main [role=alert]");
        browser.waitUntil(d -> !error.getText().isEmpty());
        assertTrue(error.getText().contains("does not accept this token"), error.getText());
        assertEquals("true", token.getAttribute("aria-invalid"));
        assertTrue(browser.address().startsWith("/signin"));
        assertNull(browser.script("return sessionStorage.getItem('ams.token')"));
    }

    @Test
    void aRequestRefusedWith401ReturnsToSignInAndThenToThePage() {
        browser.openSignedIn("/images", "revoked-token");

        browser.waitUntil(d -> browser.address().startsWith("/signin"));
        assertTrue(browser.visible(".notice-warning").getText().contains("Sign in again"));
        browser.visible("#main input[type=password]").sendKeys(DashboardExtension.TOKEN, Keys.ENTER);
        browser.waitUntil(d -> browser.address().equals("/images"));
    }

    @Test
    void signingOutForgetsTheToken() {
        browser.openSignedIn("/images", DashboardExtension.TOKEN);
        browser.visible("#sign-out").click();

        browser.waitUntil(d -> browser.address().startsWith("/signin"));
        assertNull(browser.script("return sessionStorage.getItem('ams.token')"));
    }
}
