package io.amsfleet.cli.config;

import io.amsfleet.cli.Environment;
import io.amsfleet.cli.UsageError;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the server is and how to authenticate to it, with where each came from (so that an
 * error can say which token the server rejected).
 *
 * <p>Precedence, first found wins: the {@code --url}/{@code --token} flags, the {@code AMC_URL}/
 * {@code AMC_TOKEN} variables, the config file, then for the token only, when the server is on
 * this machine, the admin token the server wrote into its data directory. The TLS files
 * ({@code --cert}, {@code --key}, {@code --server-cert}) follow the same order, and are only
 * looked up for an {@code https://} address: a plain-http run never reads the config file for them.
 *
 * @param token       null when none was found: requests then go without one and the server says 401
 * @param urlSource   e.g. {@code --url}, {@code AMC_URL}, the config file's path, {@code default}
 * @param tokenSource the same for the token, or the admin token file's path
 * @param tls         the client certificate and the server certificate to trust; {@link TlsFiles#NONE} for http
 */
public record Connection(URI url, String token, String urlSource, String tokenSource, TlsFiles tls) {
    public static final String DEFAULT_URL = "http://127.0.0.1:8444";
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    /** The connection options as given on the command line; null when not given. */
    public record Flags(String url, String token, String cert, String key, String serverCert) {
    }

    public static Connection resolve(Flags flags, Environment env) {
        ConfigFile file = ConfigFile.of(env);
        Found url = first(flags.url(), "--url", env, "AMC_URL", "url", file);
        URI uri = parseUrl(url == null ? DEFAULT_URL : url.value(), url == null ? "default" : url.source());
        Found token = first(flags.token(), "--token", env, "AMC_TOKEN", "token", file);
        if (token == null && LOCAL_HOSTS.contains(uri.getHost())) {
            // A loop, not a stream: a run's first stream sets up the stream classes, a few ms.
            for (Path adminToken : adminTokenFiles(env)) {
                token = readToken(adminToken);
                if (token != null) {
                    break;
                }
            }
        }
        return new Connection(uri, token == null ? null : token.value().trim(), url == null ? "default" : url.source(),
                token == null ? null : token.source(), tlsFiles(uri, flags, env, file));
    }

    private static TlsFiles tlsFiles(URI uri, Flags flags, Environment env, ConfigFile file) {
        if (!"https".equals(uri.getScheme())) {
            if (flags.cert() != null || flags.key() != null || flags.serverCert() != null) {
                throw new UsageError("--cert, --key and --server-cert are for an https:// server address, and " + uri
                        + " is plain http");
            }
            return TlsFiles.NONE;
        }
        Found cert = first(flags.cert(), "--cert", env, "AMC_CERT", "cert", file);
        Found key = first(flags.key(), "--key", env, "AMC_KEY", "key", file);
        Found serverCert = first(flags.serverCert(), "--server-cert", env, "AMC_SERVER_CERT", "server-cert", file);
        if ((cert == null) != (key == null)) {
            Found given = cert != null ? cert : key;
            throw new UsageError((cert != null ? "a client certificate" : "a private key") + " was given (from "
                    + given.source() + ") without its " + (cert != null ? "private key (--key, AMC_KEY or amc config"
                    + " set key)" : "certificate (--cert, AMC_CERT or amc config set cert)"));
        }
        return new TlsFiles(setting(cert, env), setting(key, env), setting(serverCert, env));
    }

    /** A file's path, absolute; {@code ~/} as a shell would read it, for a config file edited by hand. */
    private static TlsFiles.Setting setting(Found found, Environment env) {
        if (found == null) {
            return null;
        }
        String v = found.value().trim();
        Path path = v.startsWith("~/") ? env.home().resolve(v.substring(2)) : Path.of(v).toAbsolutePath();
        return new TlsFiles.Setting(path, found.source());
    }

    /** A setting and where it came from. */
    private record Found(String value, String source) {
    }

    /**
     * The flag, else the variable, else the config file's key; null when none is set. The file is
     * only read when it is needed: parsing YAML is a measurable part of amc's start-up.
     */
    private static Found first(String flag, String flagName, Environment env, String variable, String key,
                               ConfigFile file) {
        if (flag != null) {
            return new Found(flag, flagName);
        }
        if (env.variable(variable) != null) {
            return new Found(env.variable(variable), variable);
        }
        String configured = file.read().get(key);
        return configured == null ? null : new Found(configured, file.path().toString());
    }

    /** Checks a server address and drops a trailing slash. */
    public static URI parseUrl(String url, String source) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (!web || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new UsageError("the server address '" + url + "' (from " + source
                        + ") is not an http:// or https:// URL such as " + DEFAULT_URL);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageError("the server address '" + url + "' (from " + source + ") is not a URL: "
                    + e.getReason());
        }
    }

    /**
     * The server's own data directory, where it writes a generated admin token: {@code AMS_DATA_DIR}
     * when this shell also runs the server with it, else the server's default.
     */
    private static List<Path> adminTokenFiles(Environment env) {
        List<Path> files = new ArrayList<>();
        String dataDir = env.variable("AMS_DATA_DIR");
        if (dataDir != null) {
            files.add(Path.of(dataDir).resolve("admin.token"));
        }
        files.add(env.home().resolve(".local").resolve("share").resolve("ams").resolve("admin.token"));
        return files;
    }

    private static Found readToken(Path file) {
        if (!Files.isReadable(file)) {
            return null;
        }
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            return value.isEmpty() ? null : new Found(value, file.toString());
        } catch (IOException e) {
            return null;
        }
    }
}
