package io.amsfleet.server.api;

/** Parses query parameters and path segments with errors that say what was expected. */
public final class Params {
    private Params() {
    }

    public static int integer(String name, String value, int fallback, int min) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min) {
                throw ApiException.badRequest(name + " must be at least " + min + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, not \"" + clip(value) + "\"");
        }
    }

    public static Boolean bool(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false, not \"" + clip(value) + "\"");
        };
    }

    /** A {@code {version}} path segment: a non-negative integer (SPEC §2), else 400. */
    public static int version(String segment) {
        if (segment == null || !segment.matches("[0-9]{1,9}")) {
            throw ApiException.badRequest("version must be a non-negative integer, not \"" + clip(segment) + "\"");
        }
        return Integer.parseInt(segment);
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
