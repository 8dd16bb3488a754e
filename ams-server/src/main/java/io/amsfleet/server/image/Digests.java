package io.amsfleet.server.image;

import io.amsfleet.server.api.ApiException;

import java.util.Locale;

/**
 * An image version named by its content, as {@code docker rmi} and ECR take an image digest:
 * {@code sha256:<fingerprint>}, or a prefix of at least {@value #MIN_HEX} hex digits of it.
 * Whatever starts with {@code sha256:} is such a reference, never an image name (an image whose
 * name has that form is still named by its id).
 */
public final class Digests {
    public static final String PREFIX = "sha256:";
    static final int MIN_HEX = 12;

    private Digests() {
    }

    public static boolean isDigest(String reference) {
        return reference != null && reference.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * The LIKE pattern that finds the versions the reference names (the hex digits are no LIKE
     * wildcards); a 400 for one that is not {@code sha256:} and 12 to 64 hex digits.
     */
    public static String pattern(String reference) {
        String hex = reference.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        if (hex.length() < MIN_HEX || hex.length() > 64 || !hex.chars().allMatch(c -> c >= '0' && c <= '9'
                || c >= 'a' && c <= 'f')) {
            throw ApiException.badRequest("a content digest is sha256: followed by " + MIN_HEX
                    + " to 64 hex digits of a version's fingerprint");
        }
        return hex.length() == 64 ? hex : hex + "%";
    }
}
