package io.amsfleet.server.auth;

import io.amsfleet.model.Role;
import io.amsfleet.server.config.DataDirectory;
import io.amsfleet.server.config.PrivateFiles;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes sure an admin token exists before the first request: {@code AMS_ADMIN_TOKEN} when set,
 * otherwise one generated on first start and written to {@code $AMS_DATA_DIR/admin.token}
 * (mode 0600). Only its hash is stored in the database.
 */
@Context
public class AdminTokenBootstrap {
    static final String ADMIN = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenBootstrap.class);
    private final AuthSettings settings;
    private final DataDirectory dataDir;
    private final TokenStore tokens;

    public AdminTokenBootstrap(AuthSettings settings, DataDirectory dataDir, TokenStore tokens) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.tokens = tokens;
    }

    @PostConstruct
    void ensureAdminToken() {
        if (settings.adminToken() != null) {
            tokens.put(ADMIN, Role.ADMIN.label(), settings.adminToken());
            return;
        }
        Path file = dataDir.resolve("admin.token");
        if (tokens.exists(ADMIN)) {
            if (Files.isReadable(file)) {
                LOG.info("admin token: {}", file);
            } else {
                LOG.info("admin token exists (hash only); set AMS_ADMIN_TOKEN to replace it");
            }
            return;
        }
        String secret = TokenStore.newSecret();
        try {
            Files.deleteIfExists(file);
            PrivateFiles.newFile(file);
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file, e);
        }
        tokens.put(ADMIN, Role.ADMIN.label(), secret);
        LOG.info("generated an admin token; it is in {} (readable by this user only)", file);
    }
}
