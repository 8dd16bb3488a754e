package io.amsfleet.web;

import io.amsfleet.web.DashboardExtension.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A browser test: the shared server, seen through the API ({@link #fleet}) and through the
 * dashboard in Chromium ({@link #browser}). They are handed over only once the extension has
 * found Chromium, so that without it nothing is started and every test is skipped.
 */
@ExtendWith(DashboardExtension.class)
abstract class BrowserTest {
    protected Fleet fleet;
    protected Browser browser;

    @BeforeEach
    void connect(Session session) {
        fleet = session.fleet;
        browser = session.browser;
        browser.contentSecurityPolicyViolations();
    }

    @AfterEach
    void pagesRanUnderTheContentSecurityPolicy() {
        assertEquals(List.of(), browser.contentSecurityPolicyViolations(),
                "the pages this test visited broke the server's Content-Security-Policy");
    }
}
