package io.amsfleet.server.application;

import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.Params;

import java.util.Arrays;
import java.util.List;

/**
 * AMS's application list filters ({@code GetApplicationFilters}); a null field does not filter.
 * {@code tags} and {@code addons} take comma-separated values, all of which must be present.
 */
record ApplicationFilter(String id, String name, Integer statusCode, String instanceType, String bootPackage,
                         Boolean published, Boolean immutable, String abi, List<String> addons,
                         Boolean inhibitAutoUpdates, List<String> tags, String parentImageVariant) {

    static ApplicationFilter of(String id, String name, String status, String instanceType, String bootPackage,
                                String published, String immutable, String abi, String addons,
                                String inhibitAutoUpdates, String tags, String parentImageVariant) {
        return new ApplicationFilter(text("id", id), text("name", name), status(status), text("instance_type",
                instanceType), text("boot_package", bootPackage), Params.bool("published", published),
                Params.bool("immutable", immutable), text("abi", abi), values("addons", addons),
                Params.bool("inhibit_auto_updates", inhibitAutoUpdates), values("tags", tags),
                text("parent_image_variant", parentImageVariant));
    }

    private static String text(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 255 || value.chars().anyMatch(c -> c < 0x20)) {
            throw ApiException.badRequest(field + " must be at most 255 characters without control characters");
        }
        return value;
    }

    private static List<String> values(String field, String value) {
        String v = text(field, value);
        if (v == null) {
            return List.of();
        }
        List<String> out = Arrays.stream(v.split(",")).map(String::trim).toList();
        if (out.stream().anyMatch(String::isEmpty) || out.size() > 64) {
            throw ApiException.badRequest(field + " must be up to 64 comma-separated values, none empty");
        }
        return out;
    }

    /** The application statuses AMS names, to their codes. */
    private static Integer status(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value) {
            case "error" -> -1;
            case "unknown" -> 0;
            case "initializing" -> 1;
            case "ready" -> 2;
            case "deleted" -> 3;
            default -> throw ApiException.badRequest("status must be one of error, unknown, initializing, ready,"
                    + " deleted");
        };
    }
}
