package io.amsfleet.server.content;

import io.amsfleet.server.config.PrivateFiles;
import org.apache.commons.io.input.BoundedInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Blobs as objects {@code <prefix>sha256/ab/abcdef…} in an S3-compatible bucket, shared by every
 * server process.
 *
 * <p>An upload arrives in a local temporary file first: its sha256 and its tarball must be checked
 * before any byte becomes content, and S3 has no rename that could publish a checked object. The
 * verified file is then sent in {@value #PART_SIZE_MIB} MiB parts of a multipart upload, each read
 * from the file as it is sent, so memory use does not grow with the image. The object appears
 * only when the multipart upload completes; an upload abandoned by a dying process is aborted by
 * the next sweep ({@link #clearTempFiles}).
 */
public class S3BlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    static final int PART_SIZE_MIB = 16;
    private static final long PART_SIZE = PART_SIZE_MIB * 1024L * 1024L;
    /** S3 allows 10,000 parts; larger files get larger parts. */
    private static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path tmp;

    /**
     * @param prefix a key prefix ending in {@code /}, or empty
     * @param tmp    the local directory for uploads in progress
     */
    public S3BlobStore(S3Client s3, String bucket, String prefix, Path tmp) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.tmp = tmp;
        try {
            PrivateFiles.directory(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp + ": " + e.getMessage(), e);
        }
        ensureBucket();
    }

    private void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            createBucket();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            createBucket();
        }
    }

    private void createBucket() {
        s3.createBucket(b -> b.bucket(bucket));
        LOG.info("created bucket {} for image content", bucket);
    }

    String keyOf(String sha256) {
        return prefix + "sha256/" + sha256.substring(0, 2) + "/" + sha256;
    }

    @Override
    public void put(Path verifiedTempFile, String sha256) throws IOException {
        try {
            if (exists(sha256)) {
                return;
            }
            long size = Files.size(verifiedTempFile);
            long partSize = Math.max(PART_SIZE, (size + MAX_PARTS - 1) / MAX_PARTS);
            if (size <= partSize) {
                s3.putObject(b -> b.bucket(bucket).key(keyOf(sha256)).contentLength(size),
                        RequestBody.fromFile(verifiedTempFile));
            } else {
                putMultipart(verifiedTempFile, sha256, size, partSize);
            }
        } catch (S3Exception e) {
            throw new IOException("object store refused content " + sha256 + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(verifiedTempFile);
        }
    }

    private void putMultipart(Path file, String sha256, long size, long partSize) throws IOException {
        String key = keyOf(sha256);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long length = Math.min(partSize, size - offset);
                int partNumber = number;
                long from = offset;
                // A provider, not a stream: the SDK may read a part again when it retries.
                RequestBody body = RequestBody.fromContentProvider(() -> openRange(file, from, length), length,
                        "application/octet-stream");
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(partNumber).contentLength(length), body).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (RuntimeException e) {
            abortQuietly(key, uploadId);
            throw e;
        }
    }

    private static InputStream openRange(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return BoundedInputStream.builder().setInputStream(Channels.newInputStream(channel))
                    .setMaxCount(length).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            LOG.warn("could not abort multipart upload of {} (the next sweep will): {}", key, e.toString());
        }
    }

    @Override
    public void ping() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (RuntimeException e) {
            throw new IOException("the S3 bucket " + bucket + " does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String sha256) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(keyOf(sha256)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String sha256) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(keyOf(sha256)));
        } catch (S3Exception e) {
            throw new IOException("object store refused to delete " + sha256 + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(keyOf(sha256)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(keyOf(sha256));
        } catch (S3Exception e) {
            throw new IOException("object store refused to read " + sha256 + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forEach(BlobVisitor visitor) throws IOException {
        String under = prefix + "sha256/";
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(under)).contents()) {
            String key = object.key();
            String name = key.substring(key.lastIndexOf('/') + 1);
            if (name.length() == 64) {
                visitor.visit(name, object.lastModified().toEpochMilli());
            }
        }
    }

    @Override
    public Path newTempFile(String prefix) throws IOException {
        return LocalBlobStore.newTempFile(tmp, prefix);
    }

    /** Local temporary files, and multipart uploads a dying process left unfinished. */
    @Override
    public void clearTempFiles(long cutoffMillis, Consumer<Path> onRemoved) throws IOException {
        LocalBlobStore.clearTempFiles(tmp, cutoffMillis, onRemoved);
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix + "sha256/"))
                .uploads()) {
            if (upload.initiated().toEpochMilli() < cutoffMillis) {
                abortQuietly(upload.key(), upload.uploadId());
                LOG.info("aborted unfinished multipart upload of {}", upload.key());
            }
        }
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
