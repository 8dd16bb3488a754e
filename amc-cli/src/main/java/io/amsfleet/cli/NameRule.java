package io.amsfleet.cli;

/**
 * The server's rule for image and application names, checked before anything is sent so that a
 * bad name is not found out only after a multi-GiB upload: 1 to 128 letters, digits and
 * {@code . _ - :}, starting with a letter or digit.
 */
public final class NameRule {
    private static final int MAX = 128;

    private NameRule() {
    }

    public static String check(String what, String name) {
        if (name.isEmpty() || name.length() > MAX) {
            throw new UsageError(what + " name must be 1 to " + MAX + " characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || i > 0 && (c == '.' || c == '_' || c == '-' || c == ':');
            if (!ok) {
                throw new UsageError(what + " name '" + name + "' may only hold letters, digits and . _ - :"
                        + " and must start with a letter or digit");
            }
        }
        return name;
    }
}
