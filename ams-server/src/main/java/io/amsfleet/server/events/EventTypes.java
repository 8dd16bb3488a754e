package io.amsfleet.server.events;

import io.amsfleet.server.api.ApiException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code type} query of {@code GET /1.0/events}: all (absent), operation, lifecycle, or a comma list. */
final class EventTypes {
    private static final Set<String> ALL = Set.of(Events.OPERATION, Events.LIFECYCLE);

    private EventTypes() {
    }

    static Set<String> parse(List<String> values) {
        Set<String> types = new LinkedHashSet<>();
        for (String value : values) {
            for (String t : value.split(",", -1)) {
                String type = t.trim();
                if (type.isEmpty() && values.size() == 1 && value.isBlank()) {
                    continue;
                }
                if (type.equals("all")) {
                    types.addAll(ALL);
                } else if (ALL.contains(type)) {
                    types.add(type);
                } else {
                    String shown = type.length() > 40 ? type.substring(0, 40) + "…" : type;
                    throw ApiException.badRequest("unknown event type \"" + shown.replaceAll("[^\\x20-\\x7e]", "?")
                            + "\": type takes all, operation or lifecycle, or a comma list of them");
                }
            }
        }
        return types.isEmpty() ? ALL : Set.copyOf(types);
    }
}
