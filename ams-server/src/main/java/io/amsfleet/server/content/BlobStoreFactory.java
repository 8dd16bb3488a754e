package io.amsfleet.server.content;

import io.amsfleet.server.config.DataDirectory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The content store named by {@code AMS_CONTENT_URL}:
 * <ul>
 *   <li>unset: files under {@code $AMS_DATA_DIR/content} (the default);</li>
 *   <li>{@code file:///srv/ams-content}: files in that directory, which several processes may share;</li>
 *   <li>{@code s3://bucket[/prefix]?endpoint=http://127.0.0.1:9000&region=us-east-1&path_style=true}:
 *   an S3-compatible bucket, with credentials from {@code AMS_CONTENT_ACCESS_KEY} and
 *   {@code AMS_CONTENT_SECRET_KEY} or, when those are unset, the AWS SDK's usual sources.</li>
 * </ul>
 */
@Factory
public class BlobStoreFactory {
    private static final Logger LOG = LoggerFactory.getLogger(BlobStoreFactory.class);
    private static final Set<String> S3_OPTIONS = Set.of("endpoint", "region", "path_style");

    @Singleton
    public BlobStore blobStore(DataDirectory dataDir, ContentSettings settings) {
        return blobStore(dataDir, settings.url(), settings.accessKey(), settings.secretKey());
    }

    /** The store at {@code url}, for a tool that reads a server's store without being one. */
    public BlobStore blobStore(DataDirectory dataDir, String url, String accessKey, String secretKey) {
        Path tmp = dataDir.resolve("tmp");
        if (url == null || url.isBlank()) {
            return new LocalBlobStore(dataDir.resolve("content"), tmp);
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("AMS_CONTENT_URL is not a URL: " + url);
        }
        BlobStore store = switch (String.valueOf(uri.getScheme())) {
            case "file" -> {
                Path dir = Path.of(uri.getPath());
                // Temporary files beside the blobs: installing one must stay a rename on one filesystem.
                yield new LocalBlobStore(dir, dir.resolve("tmp"));
            }
            case "s3" -> s3(uri, accessKey, secretKey, tmp);
            default -> throw new ConfigurationException("AMS_CONTENT_URL must start with file:// or s3://, got: " + url);
        };
        LOG.info("image content in {}", url.replaceAll("\\?.*", ""));
        return store;
    }

    private static BlobStore s3(URI uri, String accessKey, String secretKey, Path tmp) {
        String bucket = uri.getHost();
        if (bucket == null || bucket.isBlank()) {
            throw new ConfigurationException("AMS_CONTENT_URL names no bucket: s3://<bucket>[/prefix]?endpoint=…");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "").replaceAll("/+$", "");
        String prefix = path.isEmpty() ? "" : path + "/";
        Map<String, String> options = query(uri.getRawQuery());
        for (String key : options.keySet()) {
            if (!S3_OPTIONS.contains(key)) {
                throw new ConfigurationException("unknown AMS_CONTENT_URL option " + key + "; known: " + S3_OPTIONS);
            }
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2))
                        .build())
                // No region lookup (it can query the EC2 metadata service): us-east-1 unless given.
                .region(Region.of(options.getOrDefault("region", "us-east-1")))
                // The content is verified against its sha256 by the server itself; the SDK's extra
                // trailing checksums are not understood by every S3-compatible server.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials(accessKey, secretKey));
        String endpoint = options.get("endpoint");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        // Path-style addressing by default with a custom endpoint: MinIO, Ceph and s3proxy serve
        // buckets under the path, not as sub-domains.
        builder.forcePathStyle(Boolean.parseBoolean(options.getOrDefault("path_style", String.valueOf(endpoint != null))));
        try {
            return new S3BlobStore(builder.build(), bucket, prefix, tmp);
        } catch (RuntimeException e) {
            throw new ConfigurationException("cannot use the content bucket " + bucket
                    + (endpoint == null ? "" : " at " + endpoint) + ": " + e.getMessage(), e);
        }
    }

    private static AwsCredentialsProvider credentials(String accessKey, String secretKey) {
        boolean hasKey = accessKey != null && !accessKey.isBlank();
        boolean hasSecret = secretKey != null && !secretKey.isBlank();
        if (hasKey != hasSecret) {
            throw new ConfigurationException("set both AMS_CONTENT_ACCESS_KEY and AMS_CONTENT_SECRET_KEY, or neither");
        }
        return hasKey ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))
                : DefaultCredentialsProvider.builder().build();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }
}
