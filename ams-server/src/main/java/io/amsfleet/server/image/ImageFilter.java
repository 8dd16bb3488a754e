package io.amsfleet.server.image;

/** The filters of {@code GET /1.0/images}; a null field does not filter. */
public record ImageFilter(String type, String name, Boolean isDefault) {
    public static final ImageFilter NONE = new ImageFilter(null, null, null);
}
