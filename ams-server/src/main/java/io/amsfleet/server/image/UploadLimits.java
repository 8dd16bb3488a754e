package io.amsfleet.server.image;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;

/** How big an upload may be, and how far it may decompress (docs/configuration.md); sizes in bytes. */
@ConfigurationProperties("ams")
public record UploadLimits(long maxImageSize, long maxExpandedSize, long maxExpansionRatio, long expansionRatioFloor) {
    @ConfigurationInject
    public UploadLimits(String maxImageSize, String maxExpandedSize, String maxExpansionRatio,
                        String expansionRatioFloor) {
        this(Setting.bytes(maxImageSize, "AMS_MAX_IMAGE_SIZE"), maxExpandedSize,
                ratio(maxExpansionRatio), Setting.bytes(expansionRatioFloor, "AMS_EXPANSION_RATIO_FLOOR"));
    }

    private UploadLimits(long maxImageSize, String maxExpandedSize, long ratio, long floor) {
        // Scales with the upload limit, so that raising one does not silently refuse big images.
        this(maxImageSize, Setting.optional(maxExpandedSize) == null ? saturatedTimes(maxImageSize, 4)
                : Setting.bytes(maxExpandedSize, "AMS_MAX_EXPANDED_SIZE"), ratio, floor);
    }

    private static long ratio(String text) {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException("AMS_MAX_EXPANSION_RATIO must be a whole number, at least 1: " + text);
    }

    private static long saturatedTimes(long n, long factor) {
        return n > Long.MAX_VALUE / factor ? Long.MAX_VALUE : n * factor;
    }
}
