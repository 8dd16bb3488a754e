package io.amsfleet.server.application;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.amsfleet.model.ApplicationResources;
import io.amsfleet.model.ApplicationVersionDetails;
import io.amsfleet.model.ApplicationVersionDetails.ExtraData;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.JsonBodies;
import io.amsfleet.server.image.ImageTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An application's {@code manifest.yaml}, as the AMS manifest reference names its fields, and the
 * rules its values follow. The same rules check the fields of a JSON {@code ApplicationPatch}, so a
 * value refused in a manifest is refused there too. Every refusal is 400 {@code invalid_manifest}
 * and names the field.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Manifest(
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("image") String image,
        @JsonProperty("instance-type") String instanceType,
        @JsonProperty("boot-package") String bootPackage,
        @JsonProperty("boot-activity") String bootActivity,
        @JsonProperty("required-permissions") List<String> requiredPermissions,
        @JsonProperty("addons") List<String> addons,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("extra-data") Map<String, ExtraData> extraData,
        @JsonProperty("watchdog") ApplicationVersionDetails.Watchdog watchdog,
        @JsonProperty("services") List<ApplicationVersionDetails.Service> services,
        @JsonProperty("resources") ApplicationResources resources,
        @JsonProperty("features") List<String> features,
        @JsonProperty("video-encoder") String videoEncoder,
        @JsonProperty("hooks") ApplicationVersionDetails.Hooks hooks,
        @JsonProperty("bootstrap") ApplicationVersionDetails.Bootstrap bootstrap,
        @JsonProperty("node-selector") List<String> nodeSelector,
        @JsonProperty("abi") String abi) {

    static final String FILE = "manifest.yaml";
    /** Manifests are a few hundred bytes; this bounds what a hostile one makes the server parse. */
    static final int MAX_BYTES = 64 * 1024;
    static final Set<String> KNOWN = Set.of("name", "version", "image", "instance-type", "boot-package",
            "boot-activity", "required-permissions", "addons", "tags", "extra-data", "watchdog", "services",
            "resources", "features", "video-encoder", "hooks", "bootstrap", "node-selector", "abi");
    /** Besides the manifest and extra data: what a package may hold at its top. */
    static final Set<String> PACKAGE_FILES = Set.of(FILE, "app.apk", "hooks");

    private static final int MAX_LIST = 64;
    private static final Pattern JAVA_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");
    private static final Pattern ACTIVITY = Pattern.compile("\\.?[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_$]+)*");
    private static final Pattern PERMISSION = Pattern.compile("\\*|[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z]{1,4}[0-9]{1,3}\\.[0-9]{1,3}");
    private static final Pattern SIZE = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,3})?\\s?([KMGTP]i?B|B)?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DURATION = Pattern.compile("[0-9]{1,6}(ms|s|m|h)");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?");
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");
    private static final Set<String> ENCODERS = Set.of("gpu", "gpu-preferred", "software", "vpu");
    private static final Set<String> GPU_TYPES = Set.of("amd", "intel", "nvidia");
    private static final Set<String> ABIS = Set.of("armeabi-v7a", "arm64-v8a", "x86", "x86_64");
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp");

    /** Reads and checks a manifest's YAML document, as the safe loader gave it. */
    static Manifest of(Object document, JsonBodies json) {
        if (!(document instanceof Map<?, ?> map)) {
            throw invalid(FILE + " must be a YAML mapping of the manifest's fields");
        }
        Set<String> unknown = new TreeSet<>();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!KNOWN.contains(key)) {
                unknown.add(printable(key));
            }
            // "version: 1.0" is a float to YAML; the manifest means the text.
            fields.put(key, key.equals("version") && e.getValue() instanceof Number n ? n.toString() : e.getValue());
        }
        if (!unknown.isEmpty()) {
            throw invalid(FILE + " has fields the manifest reference does not define: " + String.join(", ", unknown)
                    + "; known: " + String.join(", ", new TreeSet<>(KNOWN)));
        }
        Manifest m = json.convert(fields, Manifest.class, FILE, ReasonCode.INVALID_MANIFEST);
        m.check();
        return m;
    }

    private void check() {
        if (name == null || name.isEmpty()) {
            throw invalid(FILE + ": name is required");
        }
        checkName(name);
        text("version", version, 50);
        text("image", image, 255);
        instanceType(instanceType);
        pattern("boot-package", bootPackage, JAVA_NAME, 255);
        checkVersionFields(new ApplicationVersionDetails(bootActivity, requiredPermissions, addons, extraData,
                videoEncoder, watchdog, services, features, hooks, bootstrap), "-");
        tags("tags", tags);
        resources(resources);
        tags("node-selector", nodeSelector);
        if (abi != null && !ABIS.contains(abi)) {
            throw invalid(FILE + ": abi must be one of " + new TreeSet<>(ABIS) + ", not " + printable(abi));
        }
    }

    /** The fields that belong to the version, as the API shows them. */
    ApplicationVersionDetails details() {
        return new ApplicationVersionDetails(bootActivity, requiredPermissions, addons, extraData, videoEncoder,
                watchdog, services, features, hooks, bootstrap);
    }

    /** The top names a package with this manifest may hold: the manifest, the APK, hooks and its extra data. */
    Set<String> allowedTopNames() {
        Set<String> allowed = new TreeSet<>(PACKAGE_FILES);
        if (extraData != null) {
            for (String key : extraData.keySet()) {
                String first = key.replaceFirst("^\\./", "");
                int slash = first.indexOf('/');
                allowed.add(slash < 0 ? first : first.substring(0, slash));
            }
        }
        return allowed;
    }

    static void checkName(String name) {
        try {
            ImageTypes.checkName("application", name);
        } catch (ApiException e) {
            throw invalid(FILE + ": name: " + e.getMessage());
        }
    }

    /**
     * The rules for the fields that make a version, in a manifest or a patch; {@code sep} is the
     * word separator of the field names as the caller sent them ("-" in YAML, "_" in JSON).
     */
    static void checkVersionFields(ApplicationVersionDetails d, String sep) {
        pattern("boot" + sep + "activity", d.bootActivity(), ACTIVITY, 255);
        list("required" + sep + "permissions", d.requiredPermissions(), 256, v -> pattern(
                "required" + sep + "permissions", v, PERMISSION, 255));
        list("addons", d.addons(), MAX_LIST, v -> pattern("addons", v, WORD, 128));
        if (d.extraData() != null) {
            if (d.extraData().size() > MAX_LIST) {
                throw invalid(FILE + ": extra" + sep + "data has more than " + MAX_LIST + " entries");
            }
            for (Map.Entry<String, ExtraData> e : d.extraData().entrySet()) {
                String key = e.getKey();
                String field = "extra" + sep + "data." + printable(key);
                if (key.isEmpty() || key.length() > 255 || key.startsWith("/") || key.contains("\\")
                        || List.of(key.split("/")).contains("..") || hasControl(key)) {
                    throw invalid(FILE + ": " + field + " must name a file or directory of the package"
                            + " (relative, without ..)");
                }
                ExtraData x = e.getValue();
                if (x == null || x.target() == null || !x.target().startsWith("/") || x.target().length() > 4096
                        || hasControl(x.target())) {
                    throw invalid(FILE + ": " + field + ".target must be an absolute path on the instance");
                }
                pattern(field + ".owner", x.owner(), OWNER, 65);
                pattern(field + ".permissions", x.permissions(), MODE, 5);
            }
        }
        if (d.videoEncoder() != null && !ENCODERS.contains(d.videoEncoder())) {
            throw invalid(FILE + ": video" + sep + "encoder must be one of " + new TreeSet<>(ENCODERS) + ", not "
                    + printable(d.videoEncoder()));
        }
        if (d.watchdog() != null && d.watchdog().allowedPackages() != null) {
            List<String> allowed = d.watchdog().allowedPackages();
            if (allowed.contains("*") && allowed.size() > 1) {
                throw invalid(FILE + ": watchdog.allowed-packages: * and package names exclude each other");
            }
            list("watchdog.allowed-packages", allowed, 256, v -> {
                if (!v.equals("*")) {
                    pattern("watchdog.allowed-packages", v, JAVA_NAME, 255);
                }
            });
        }
        if (d.services() != null) {
            if (d.services().size() > MAX_LIST) {
                throw invalid(FILE + ": services has more than " + MAX_LIST + " entries");
            }
            for (int i = 0; i < d.services().size(); i++) {
                var s = d.services().get(i);
                String field = "services[" + i + "]";
                if (s == null) {
                    throw invalid(FILE + ": " + field + " must be a mapping");
                }
                pattern(field + ".name", s.name(), WORD, 64);
                if (s.port() == null || s.port() < 1 || s.port() > 65535) {
                    throw invalid(FILE + ": " + field + ".port must be a port number, 1 to 65535");
                }
                if (s.portEnd() != null && (s.portEnd() < s.port() || s.portEnd() > 65535)) {
                    throw invalid(FILE + ": " + field + ".port_end must be at least port and at most 65535");
                }
                if (s.protocols() == null || s.protocols().isEmpty() || !PROTOCOLS.containsAll(s.protocols())) {
                    throw invalid(FILE + ": " + field + ".protocols must list tcp, udp or both");
                }
            }
        }
        list("features", d.features(), MAX_LIST, v -> pattern("features", v, WORD, 128));
        if (d.hooks() != null) {
            pattern("hooks.timeout", d.hooks().timeout(), DURATION, 10);
        }
        if (d.bootstrap() != null) {
            list("bootstrap.keep", d.bootstrap().keep(), MAX_LIST, v -> {
                if (v.isEmpty() || v.length() > 255 || v.startsWith("/") || List.of(v.split("/")).contains("..")
                        || hasControl(v)) {
                    throw invalid(FILE + ": bootstrap.keep: " + printable(v) + " must be a relative path of the package");
                }
            });
        }
    }

    static void instanceType(String value) {
        pattern("instance-type", value, INSTANCE_TYPE, 16);
    }

    static void resources(ApplicationResources r) {
        if (r == null) {
            return;
        }
        range("resources.cpus", r.cpus(), 1, 1024);
        pattern("resources.memory", r.memory(), SIZE, 24);
        pattern("resources.disk-size", r.diskSize(), SIZE, 24);
        range("resources.gpu-slots", r.gpuSlots(), 0, 1024);
        range("resources.vpu-slots", r.vpuSlots(), 0, 1024);
        if (r.gpuType() != null && !GPU_TYPES.contains(r.gpuType())) {
            throw invalid(FILE + ": resources.gpu-type must be one of " + new TreeSet<>(GPU_TYPES) + ", not "
                    + printable(r.gpuType()));
        }
    }

    /** Tags and node selectors: free text without commas (they separate a filter's values). */
    static void tags(String field, List<String> values) {
        list(field, values, MAX_LIST, v -> {
            if (v.isEmpty() || v.length() > 255 || v.contains(",") || hasControl(v)) {
                throw invalid(FILE + ": " + field + ": " + printable(v)
                        + " must be 1 to 255 characters without commas or control characters");
            }
        });
    }

    private interface Check {
        void check(String value);
    }

    private static void list(String field, List<String> values, int max, Check each) {
        if (values == null) {
            return;
        }
        if (values.size() > max) {
            throw invalid(FILE + ": " + field + " has more than " + max + " entries");
        }
        List<String> seen = new ArrayList<>();
        for (String v : values) {
            if (v == null) {
                throw invalid(FILE + ": " + field + " holds an empty entry");
            }
            each.check(v);
            seen.add(v);
        }
    }

    private static void text(String field, String value, int max) {
        if (value != null && (value.length() > max || hasControl(value))) {
            throw invalid(FILE + ": " + field + " must be at most " + max + " characters, without control characters");
        }
    }

    private static void pattern(String field, String value, Pattern p, int max) {
        if (value != null && (value.length() > max || !p.matcher(value).matches())) {
            throw invalid(FILE + ": " + field + " " + printable(value) + " is not of the expected form ("
                    + describe(p) + ", at most " + max + " characters)");
        }
    }

    private static String describe(Pattern p) {
        if (p == INSTANCE_TYPE) {
            return "like a2.3";
        }
        if (p == SIZE) {
            return "a size like 3GB";
        }
        if (p == DURATION) {
            return "a duration like 10m";
        }
        if (p == MODE) {
            return "an octal mode like 0644";
        }
        if (p == OWNER) {
            return "user or user:group";
        }
        return p == WORD ? "letters, digits and . _ -" : "a dotted Java or Android name";
    }

    private static void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw invalid(FILE + ": " + field + " must be from " + min + " to " + max + ", not " + value);
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    static ApiException invalid(String message) {
        return new ApiException(ReasonCode.INVALID_MANIFEST, message);
    }

    static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "\"" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }
}
