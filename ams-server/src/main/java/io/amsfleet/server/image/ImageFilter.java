package io.amsfleet.server.image;

/**
 * The filters of {@code GET /1.0/images}; a null field does not filter.
 *
 * @param namePrefix names starting with this text (an index range, never a scan)
 */
public record ImageFilter(String type, String name, Boolean isDefault, String namePrefix) {
    public ImageFilter(String type, String name, Boolean isDefault) {
        this(type, name, isDefault, null);
    }
}
