package io.amsfleet.server.remote;

import io.amsfleet.server.api.ApiException;

import java.util.regex.Pattern;

/**
 * AMS's {@code ImagesPost.path}: the image on the configured image server, as {@code amc image add
 * <name> <product>[@<release>]} names it — a product of the simplestreams products file (its
 * {@code name}, or its key) and optionally one of its releases (a key of its {@code versions}).
 *
 * <p>It is looked up among the products the index lists, never joined to a URL or a file path, so
 * it cannot make the server fetch anything the index does not offer. It is checked all the same,
 * because a stranger wrote it: bounded, no slashes, no {@code ..}, no spaces or control characters.
 */
public record RemotePath(String product, String release) {
    static final int MAX_LENGTH = 256;
    private static final Pattern PRODUCT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}");
    private static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,99}");

    /** Parses a caller's path; a 400 naming what is wrong otherwise. */
    public static RemotePath parse(String path) {
        if (path.length() > MAX_LENGTH) {
            throw ApiException.badRequest("path is longer than " + MAX_LENGTH + " characters");
        }
        int at = path.indexOf('@');
        String product = at < 0 ? path : path.substring(0, at);
        String release = at < 0 ? null : path.substring(at + 1);
        if (path.contains("..") || !PRODUCT.matcher(product).matches()
                || release != null && !RELEASE.matcher(release).matches()) {
            throw ApiException.badRequest("path must name an image of the image server as <image> or"
                    + " <image>@<release> (letters, digits and . _ : + -, no \"..\", no slashes), not \""
                    + printable(path) + "\"");
        }
        return new RemotePath(product, release);
    }

    private static String printable(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
