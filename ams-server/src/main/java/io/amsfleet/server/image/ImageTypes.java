package io.amsfleet.server.image;

import io.amsfleet.server.api.ApiException;

import java.util.Locale;
import java.util.Set;

/** The closed vocabularies of an image (SPEC §1), checked at the edge with clear errors. */
public final class ImageTypes {
    public static final Set<String> TYPES = Set.of("container", "vm");
    public static final Set<String> ARCHITECTURES = Set.of("x86_64", "aarch64");
    public static final Set<String> VARIANTS = Set.of("android", "aaos", "generic", "unknown");
    private static final int MAX_NAME = 128;

    private ImageTypes() {
    }

    /**
     * Whether a caller's type says "any type": absent, empty (the SDK's {@code ImageTypeAny}) or
     * {@code any} (amc's word for it).
     */
    public static boolean isAny(String type) {
        return type == null || type.isEmpty() || "any".equals(type);
    }

    /** The type to use; {@code container} when none is given. */
    public static String checkType(String type) {
        if (type == null || type.isEmpty()) {
            return "container";
        }
        if (!TYPES.contains(type)) {
            throw ApiException.badRequest("type must be container or vm, not " + quote(type));
        }
        return type;
    }

    /** Normalises the common aliases (amd64, arm64) to the names AMS uses. */
    public static String checkArchitecture(String architecture) {
        String a = architecture.toLowerCase(Locale.ROOT);
        a = switch (a) {
            case "amd64", "x86-64", "x64" -> "x86_64";
            case "arm64", "armv8" -> "aarch64";
            default -> a;
        };
        if (!ARCHITECTURES.contains(a)) {
            throw ApiException.badRequest("architecture must be x86_64 or aarch64, not " + quote(architecture));
        }
        return a;
    }

    public static String checkVariant(String variant) {
        if (variant == null || variant.isEmpty()) {
            return "android";
        }
        if (!VARIANTS.contains(variant)) {
            throw ApiException.badRequest("variant must be one of android, aaos, generic, unknown, not " + quote(variant));
        }
        return variant;
    }

    /**
     * Image and application names: 1 to 128 characters, letters, digits and {@code . _ - :},
     * starting with a letter or digit (AMS names such as {@code jammy:android13:arm64}).
     */
    public static String checkName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest(what + " name is required");
        }
        if (name.length() > MAX_NAME) {
            throw ApiException.badRequest(what + " name is longer than " + MAX_NAME + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || i > 0 && (c == '.' || c == '_' || c == '-' || c == ':');
            if (!ok) {
                throw ApiException.badRequest(what + " name " + quote(name) + " may only hold letters, digits and . _ - :"
                        + " and must start with a letter or digit");
            }
        }
        return name;
    }

    private static String quote(String s) {
        String shown = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return "\"" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }
}
