package io.amsfleet.model;

/** The two kinds of image (SPEC §1); each has its own default. */
public enum ImageType implements WireWord {
    CONTAINER, VM;

    /** Lowercase, so that command-line help lists the words the wire uses. */
    @Override
    public String toString() {
        return label();
    }

    /** The type with this wire form, or null. */
    public static ImageType fromLabel(String label) {
        return WireWord.fromLabel(ImageType.class, label);
    }
}
