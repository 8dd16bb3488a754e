package io.amsfleet.model;

import java.util.Arrays;
import java.util.Locale;

/** A closed vocabulary whose wire form is the constant's name in lowercase ({@code vm}, {@code admin}). */
public interface WireWord {
    String name();

    /** The wire form. */
    default String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} with this wire form, or null. */
    static <E extends Enum<E> & WireWord> E fromLabel(Class<E> type, String label) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.label().equals(label)).findFirst().orElse(null);
    }
}
