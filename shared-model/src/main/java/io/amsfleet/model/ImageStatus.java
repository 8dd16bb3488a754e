package io.amsfleet.model;

/** Image and image-version states with the numeric codes AMS uses. */
public enum ImageStatus {
    ERROR(-1), UNKNOWN(0), INITIALIZING(1), CREATED(2), ACTIVE(3), DELETED(4), AVAILABLE(5), QUEUED(6);

    private final int code;

    ImageStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The lowercase name AMS puts in {@code status}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ImageStatus ofCode(int code) {
        for (ImageStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
