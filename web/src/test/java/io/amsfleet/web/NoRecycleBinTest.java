package io.amsfleet.web;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With the recycle bin turned off (AMS_TRASH_RETENTION=0) a delete cannot be undone: its toast offers no Undo. */
class NoRecycleBinTest extends BrowserTest {
    @Test
    void aDeleteOnAServerWithoutTheBinHasNoUndo() throws IOException {
        Path dataDir = Files.createTempDirectory("ams-web-nobin-");
        try (ApplicationContext context = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "ams.data-dir", dataDir.toString(),
                "ams.admin-token", DashboardExtension.TOKEN,
                "ams.trash.retention", "0")).getApplicationContext()) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            Fleet bare = new Fleet(server, DashboardExtension.TOKEN);
            bare.image("base-container");
            String name = Fleet.unique("for-good");
            String id = bare.imageWithVersions(name, 2);
            browser.openSignedIn("http://127.0.0.1:" + server.getPort(), "/images/" + id, DashboardExtension.TOKEN);
            browser.visible(".versions-table tr[data-version='1'] button[data-action=delete-version]").click();
            browser.dialog().findElement(By.xpath(".//button[text()='Delete version 1']")).click();
            browser.noDialog();

            assertTrue(browser.toast().contains("Version 1 of " + name + " deleted"), browser.toast());
            assertTrue(browser.all(".toast button[data-action=undo]").isEmpty(), "no trash_id, nothing to undo");
            assertTrue(bare.trashIds().isEmpty());
            assertFalse(bare.versions(id).contains(1));
        } finally {
            Browser.deleteTree(dataDir);
        }
    }
}
