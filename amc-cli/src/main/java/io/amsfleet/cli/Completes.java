package io.amsfleet.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an option or parameter whose values are names the server knows, so that {@code amc
 * __complete} (what the completion script asks on TAB) can offer them. A version is a version of
 * the image or application the command's first parameter names.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Completes {
    Kind value();

    enum Kind { IMAGE, IMAGE_VERSION, APPLICATION, APPLICATION_VERSION, TRASH_ENTRY, TOKEN }
}
