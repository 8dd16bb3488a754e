package io.amsfleet.server.config;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The server's own settings, read once from configuration (environment variables {@code AMS_*}
 * through {@code application.yml}).
 */
@Singleton
public class AmsSettings {
    private final Path dataDir;
    private final long maxImageSize;
    private final long maxExpandedSize;
    private final long maxExpansionRatio;
    private final long expansionRatioFloor;
    private final String adminToken;
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;
    private final int dbPoolSize;
    private final String tlsCertificate;
    private final String tlsKey;
    private final String trustPassword;
    private final String trustPasswordRole;

    public AmsSettings(@Value("${ams.data-dir:}") String dataDir,
                       @Value("${ams.max-image-size:8GB}") String maxImageSize,
                       @Value("${ams.admin-token:}") String adminToken,
                       @Value("${ams.db.url:}") String dbUrl,
                       @Value("${ams.db.user:}") String dbUser,
                       @Value("${ams.db.password:}") String dbPassword,
                       @Value("${ams.db.pool-size:16}") int dbPoolSize,
                       @Value("${ams.tls.certificate:}") String tlsCertificate,
                       @Value("${ams.tls.key:}") String tlsKey,
                       @Value("${ams.trust-password:}") String trustPassword,
                       @Value("${ams.trust-password-role:viewer}") String trustPasswordRole,
                       @Value("${ams.max-expanded-size:}") String maxExpandedSize,
                       @Value("${ams.max-expansion-ratio:100}") long maxExpansionRatio,
                       @Value("${ams.expansion-ratio-floor:16MB}") String expansionRatioFloor) {
        this.trustPasswordRole = trustPasswordRole.trim().toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("viewer", "operator", "admin").contains(this.trustPasswordRole)) {
            throw new IllegalArgumentException("AMS_TRUST_PASSWORD_ROLE must be viewer, operator or admin, not "
                    + trustPasswordRole);
        }
        this.tlsCertificate = blankToNull(tlsCertificate);
        this.tlsKey = blankToNull(tlsKey);
        this.trustPassword = blankToNull(trustPassword);
        this.dataDir = dataDir == null || dataDir.isBlank()
                ? Path.of(home(), ".local", "share", "ams")
                : Path.of(dataDir);
        this.maxImageSize = parseSize(maxImageSize);
        // Scales with the upload limit, so that raising one does not silently refuse big images.
        this.maxExpandedSize = maxExpandedSize == null || maxExpandedSize.isBlank()
                ? saturatedTimes(this.maxImageSize, 4) : parseSize(maxExpandedSize);
        if (maxExpansionRatio < 1) {
            throw new IllegalArgumentException("AMS_MAX_EXPANSION_RATIO must be at least 1: " + maxExpansionRatio);
        }
        this.maxExpansionRatio = maxExpansionRatio;
        this.expansionRatioFloor = parseSize(expansionRatioFloor);
        this.adminToken = blankToNull(adminToken);
        this.dbUrl = blankToNull(dbUrl);
        this.dbUser = blankToNull(dbUser);
        this.dbPassword = blankToNull(dbPassword);
        this.dbPoolSize = dbPoolSize;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long maxImageSize() {
        return maxImageSize;
    }

    /** The most bytes an upload may decompress to (AMS_MAX_EXPANDED_SIZE; default 4 × the upload limit). */
    public long maxExpandedSize() {
        return maxExpandedSize;
    }

    /** How many times its own size an upload may decompress to, once past {@link #expansionRatioFloor()}. */
    public long maxExpansionRatio() {
        return maxExpansionRatio;
    }

    public long expansionRatioFloor() {
        return expansionRatioFloor;
    }

    public String adminToken() {
        return adminToken;
    }

    /** The PostgreSQL JDBC URL, or null for the embedded H2 database under the data dir. */
    public String dbUrl() {
        return dbUrl;
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public int dbPoolSize() {
        return dbPoolSize;
    }

    /** A PEM certificate for HTTPS; null: generated as {@code $AMS_DATA_DIR/server.crt}. */
    public String tlsCertificate() {
        return tlsCertificate;
    }

    public String tlsKey() {
        return tlsKey;
    }

    /** The password that lets a client add its own certificate to the trust store; null: disabled. */
    public String trustPassword() {
        return trustPassword;
    }

    /** The most a certificate added with the trust password may do ({@code AMS_TRUST_PASSWORD_ROLE}). */
    public String trustPasswordRole() {
        return trustPasswordRole;
    }

    public boolean usesPostgres() {
        return isPostgresUrl(dbUrl);
    }

    public static boolean isPostgresUrl(String url) {
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    /**
     * Reads a byte size: a plain number of bytes or one with a binary suffix
     * ({@code KB}/{@code KiB}, {@code MB}/{@code MiB}, {@code GB}/{@code GiB}, {@code TB}/{@code TiB}).
     */
    public static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
        long unit = 1;
        String[] suffixes = {"KB", "MB", "GB", "TB"};
        for (int i = 0; i < suffixes.length; i++) {
            if (t.endsWith(suffixes[i])) {
                unit = 1L << (10 * (i + 1));
                t = t.substring(0, t.length() - 2).trim();
                break;
            }
        }
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        try {
            long n = Long.parseLong(t);
            if (n <= 0) {
                throw new IllegalArgumentException("size must be positive: " + text);
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: " + text + " (use bytes or a KB/MB/GB/TB suffix)", e);
        }
    }

    /** The shell's idea of home ($HOME), which is what {@code ~} in the docs means. */
    static String home() {
        String env = System.getenv("HOME");
        return env == null || env.isBlank() ? System.getProperty("user.home") : env;
    }

    private static long saturatedTimes(long n, long factor) {
        return n > Long.MAX_VALUE / factor ? Long.MAX_VALUE : n * factor;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
