package io.amsfleet.cli.config;

import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.Environment;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * {@code ~/.config/amc/config.yaml} ({@code $XDG_CONFIG_HOME/amc/config.yaml} when that is set):
 * a flat map holding {@code url}, {@code token} and the TLS files ({@code cert}, {@code key},
 * {@code server-cert}). It is written with mode 0600 because it holds
 * a secret, and replaced atomically so that an interrupted write never leaves half a file.
 */
public final class ConfigFile {
    /** amc's own settings, which {@code amc config set} keeps here, in the order help lists them. */
    public static final List<String> KEYS = List.of("url", "token", "cert", "key", "server-cert");

    private final Path path;
    private Map<String, String> settings;

    public ConfigFile(Path path) {
        this.path = path;
    }

    public static ConfigFile of(Environment env) {
        String xdg = env.variable("XDG_CONFIG_HOME");
        Path base = xdg != null ? Path.of(xdg) : env.home().resolve(".config");
        return new ConfigFile(base.resolve("amc").resolve("config.yaml"));
    }

    public Path path() {
        return path;
    }

    /** The settings in the file (read once); empty when there is no file. */
    public Map<String, String> read() {
        if (settings == null) {
            settings = load();
        }
        return settings;
    }

    private Map<String, String> load() {
        if (!Files.exists(path)) {
            return Map.of();
        }
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(path, StandardCharsets.UTF_8));
            if (doc == null) {
                return Map.of();
            }
            if (!(doc instanceof Map<?, ?> map)) {
                throw new CommandFailure(path + " is not a map of settings (url: …, token: …); fix or remove it");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (k != null && v != null) {
                    settings.put(k.toString(), v.toString());
                }
            });
            return settings;
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + path + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new CommandFailure(path + " is not valid YAML; fix or remove it (" + e.getMessage().lines()
                    .findFirst().orElse("") + ")", e);
        }
    }

    /** Sets one key, keeping the others. */
    public void set(String key, String value) {
        Map<String, String> updated = new LinkedHashMap<>(read());
        updated.put(key, value);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String text = new Yaml(new Representer(options), options).dump(updated);
        try {
            Files.createDirectories(path.getParent());
            Path temp = path.resolveSibling(".config.yaml.tmp");
            Files.deleteIfExists(temp);
            if (Files.getFileStore(path.getParent()).supportsFileAttributeView("posix")) {
                Files.createFile(temp,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            settings = Map.copyOf(updated);
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
