package io.amsfleet.server.image;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Checks that an uploaded file is an image tarball — gzip, bzip2, xz or plain tar with a
 * {@code metadata.yaml} at its top — and reads that metadata.
 *
 * <p>The server never unpacks an image, but whoever does must be safe doing so: every entry of
 * every compressed member is read, and the tarball is refused when any entry could write or point
 * outside the image (the rules are in {@link Entries}). Decompression is bounded by
 * {@link Limits}, counted on the bytes coming out of the decompressor, so that a small bomb cannot
 * hold a core for minutes; and it stops when the client has gone, since nobody would see the
 * result.
 *
 * <p>Uploads are checked as they arrive ({@link #inspectArriving}, on the bytes the spool reads),
 * so that a hostile tarball is refused before the rest of it has been received and a good one
 * costs no second read of its file.
 */
public final class TarballInspector {
    static final int MAX_METADATA_BYTES = 1 << 20;
    /** Commons Compress reads one entry's headers (long names, PAX records) into memory: bounded. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** Each entry's path is remembered (as a hash) to check links against: bounded memory. */
    static final int MAX_ENTRIES = 1_000_000;
    /** xz's dictionary is allocated as its header says; xz -9 needs 65 MiB. */
    private static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;
    private static final long CLIENT_CHECK_EVERY = 1 << 20;
    private static final int RECORD = TarConstants.DEFAULT_RCDSIZE;
    private static final Set<String> ACCEPTED = Set.of(CompressorStreamFactory.GZIP, CompressorStreamFactory.BZIP2,
            CompressorStreamFactory.XZ);

    private TarballInspector() {
    }

    /** What {@code metadata.yaml} says; fields are null where it says nothing. */
    public record Metadata(String architecture, String compression) {
    }

    /**
     * What kind of archive is checked: which file must be at its top, and the reason code and
     * words a refusal uses. The entry rules are the same for every kind.
     *
     * @param topFile the file that must be at the archive's top, once, as a regular file
     * @param noun    what the archive is, in refusals ("image", "package")
     */
    public record Kind(String topFile, ReasonCode reason, String noun) {
        ApiException invalid(String message) {
            return new ApiException(reason, message);
        }

        ApiException invalid(String message, long limit, String setting) {
            return new ApiException(reason, message, Map.of("limit", limit, "setting", setting));
        }

        String plural() {
            return noun + "s";
        }
    }

    static final Kind IMAGE = new Kind("metadata.yaml", ReasonCode.INVALID_IMAGE, "image");

    /** Reads the archive's top file; what it throws (an {@link ApiException}) refuses the archive. */
    @FunctionalInterface
    public interface TopFile<T> {
        T read(InputStream entry) throws IOException;
    }

    /**
     * What a check found: the top file as {@link TopFile} read it, the compression, and the
     * names at the archive's top (at most {@value #MAX_TOP_NAMES}; more is refused).
     */
    public record Inspected<T>(T top, String compression, Set<String> topLevel) {
    }

    /** How many distinct names an archive may have at its top, so that remembering them is bounded. */
    public static final int MAX_TOP_NAMES = 1000;

    /**
     * How far a tarball may expand: at most {@code maxExpanded} bytes, and at most {@code maxRatio}
     * times its own size once past {@code ratioFloor} (small tarballs compress far better than
     * 100:1 and are harmless).
     */
    public record Limits(long maxExpanded, long maxRatio, long ratioFloor) {
        long byRatio(long compressed) {
            long product = compressed > Long.MAX_VALUE / maxRatio ? Long.MAX_VALUE : compressed * maxRatio;
            return Math.max(ratioFloor, product);
        }
    }

    /** Checks a whole tarball that is already in a file. */
    public static Metadata inspect(Path file, Limits limits, BooleanSupplier clientGone) {
        Inspected<String> found = inspect(file, limits, clientGone, IMAGE, TarballInspector::readArchitecture);
        return new Metadata(found.top(), found.compression());
    }

    /** Checks a whole tarball of any {@link Kind} that is already in a file. */
    public static <T> Inspected<T> inspect(Path file, Limits limits, BooleanSupplier clientGone, Kind kind,
                                           TopFile<T> reader) {
        try (InputStream raw = Files.newInputStream(file)) {
            long size = Files.size(file);
            return check(raw, () -> size, true, limits, clientGone, kind, reader);
        } catch (IOException e) {
            throw kind.invalid("the upload is not a readable " + kind.noun() + " tarball (" + oneLine(e) + ")");
        }
    }

    /**
     * Checks a tarball while it arrives, reading {@code body} to its end. The expansion ratio is
     * a ratio to the tarball's whole size: with {@code declaredSize} (the request's length) it is
     * applied as the bytes come; without, only the bytes so far are known, and a tarball whose
     * beginning expands further than the ratio allows for that much cannot be judged yet: then
     * this returns empty and the caller checks the whole file with {@link #inspect(Path, Limits,
     * BooleanSupplier)} once it is there. Every other rule refuses as soon as it is broken.
     */
    public static Optional<Metadata> inspectArriving(InputStream body, Long declaredSize, Limits limits,
                                                     BooleanSupplier clientGone) {
        long[] soFar = {0};
        InputStream counted = new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                soFar[0] += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                soFar[0] += Math.max(n, 0);
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = in.skip(n);
                soFar[0] += skipped;
                return skipped;
            }
        };
        try {
            Inspected<String> found = declaredSize == null
                    ? check(counted, () -> soFar[0], false, limits, clientGone, IMAGE, TarballInspector::readArchitecture)
                    : check(counted, () -> declaredSize, true, limits, clientGone, IMAGE,
                    TarballInspector::readArchitecture);
            return Optional.of(new Metadata(found.top(), found.compression()));
        } catch (Undecided notYet) {
            return Optional.empty();
        }
    }

    /**
     * The check itself, over a stream of the tarball's bytes; {@code compressedSize} is its size,
     * or when {@code sizeFinal} is false the bytes read so far.
     */
    private static <T> Inspected<T> check(InputStream body, LongSupplier compressedSize, boolean sizeFinal,
                                          Limits limits, BooleanSupplier clientGone, Kind kind, TopFile<T> reader) {
        try (InputStream raw = new BufferedInputStream(body, 1 << 16)) {
            raw.mark(1);
            if (raw.read() < 0) {
                throw kind.invalid("the upload is empty");
            }
            raw.reset();
            String compression = detectCompression(raw, kind);
            Expansion expansion = new Expansion(decompress(compression, raw), limits, compressedSize, sizeFinal,
                    clientGone, kind);
            // Commons Compress peeks at the record after the end-of-archive record and pushes it back
            // only on a stream that supports mark; whatever follows is looked at below.
            InputStream tarBytes = new BufferedInputStream(expansion, 8192);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes, RECORD, RECORD)) {
                Scan<T> scan = new Scan<>(expansion, kind, reader);
                scan.read(tar);
                boolean second = false;
                while (anotherArchiveFollows(tarBytes)) {
                    // tar --ignore-zeros would unpack it: its entries are checked like the first's
                    // (so that a hostile one is named), then the upload is refused all the same.
                    second = true;
                    try {
                        scan.read(new TarArchiveInputStream(tarBytes, RECORD, RECORD));
                    } catch (IOException notTar) {
                        if (notTar.getCause() instanceof ApiException refusal) {
                            throw refusal;
                        }
                        if (notTar.getCause() instanceof Undecided notYet) {
                            throw notYet;
                        }
                        break;
                    }
                }
                if (!scan.found) {
                    throw kind.invalid(scan.any ? "the tarball has no " + kind.topFile() + " at its top"
                            : "the upload is not a tar archive");
                }
                if (second) {
                    throw kind.invalid("the tarball has data after the end of its tar archive (a second archive, "
                            + "or a compressed member holding one); send one archive");
                }
                return new Inspected<>(scan.top, compression == null ? "none" : compression, scan.topLevel);
            }
        } catch (ApiException | Undecided e) {
            throw e;
        } catch (IOException e) {
            if (e.getCause() instanceof ApiException refusal) {
                throw refusal;
            }
            if (e.getCause() instanceof Undecided notYet) {
                throw notYet;
            }
            throw kind.invalid("the upload is not a readable " + kind.noun() + " tarball (" + oneLine(e) + ")");
        } catch (RuntimeException e) {
            throw kind.invalid("the upload is not a readable " + kind.noun() + " tarball (" + oneLine(e) + ")");
        }
    }

    /**
     * Checks a zip archive of any {@link Kind} that is already in a file, with the same rules as a
     * tarball: every entry's name (read from the central directory, as unzip reads it) and link
     * target, its data decompressed and counted against the same limits, the top file once.
     * Zip symlinks are unix-mode entries whose data is the target; they are checked like a tar's.
     */
    public static <T> Inspected<T> inspectZip(Path file, Limits limits, BooleanSupplier clientGone, Kind kind,
                                              TopFile<T> reader) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw kind.invalid("the upload is not a readable zip archive (" + oneLine(e) + ")");
        }
        try (ZipFile zip = ZipFile.builder().setPath(file).setUseUnicodeExtraFields(false).get()) {
            Entries entries = new Entries(kind);
            Set<String> topLevel = new java.util.LinkedHashSet<>();
            Expansion total = new Expansion(InputStream.nullInputStream(), limits, () -> size, true, clientGone, kind);
            T top = null;
            boolean found = false;
            boolean any = false;
            var all = zip.getEntries();
            while (all.hasMoreElements()) {
                ZipArchiveEntry entry = all.nextElement();
                any = true;
                String name = entry.getName();
                if (entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && isDevice(entry.getUnixMode())) {
                    throw kind.invalid("zip entry " + printable(name) + " is a device or a fifo; " + kind.plural()
                            + " may not hold them");
                }
                String symlinkTarget = null;
                if (entry.isUnixSymlink()) {
                    try (InputStream target = total.counting(zip.getInputStream(entry))) {
                        byte[] bytes = target.readNBytes(4097);
                        if (bytes.length > 4096) {
                            throw kind.invalid("zip symlink " + printable(name) + " has a target longer than 4096 bytes");
                        }
                        symlinkTarget = new String(bytes, StandardCharsets.UTF_8);
                    }
                }
                String path = entries.check("zip", name, entry.isDirectory(), symlinkTarget, null);
                remember(topLevel, path, kind);
                if (path.equals(kind.topFile())) {
                    if (found) {
                        throw kind.invalid("the zip archive has two " + kind.topFile() + " entries");
                    }
                    if (entry.isDirectory() || symlinkTarget != null) {
                        throw kind.invalid(kind.topFile() + " must be a regular file");
                    }
                    found = true;
                    try (InputStream data = total.counting(zip.getInputStream(entry))) {
                        top = reader.read(data);
                    }
                } else if (!entry.isDirectory() && symlinkTarget == null) {
                    if (!zip.canReadEntryData(entry)) {
                        throw kind.invalid("zip entry " + printable(name) + " uses a compression or encryption "
                                + "this server cannot read");
                    }
                    try (InputStream data = total.counting(zip.getInputStream(entry))) {
                        data.transferTo(OutputStream.nullOutputStream());
                    }
                }
            }
            if (!found) {
                throw kind.invalid(any ? "the zip archive has no " + kind.topFile() + " at its top"
                        : "the zip archive is empty");
            }
            return new Inspected<>(top, "zip", topLevel);
        } catch (ApiException e) {
            throw e;
        } catch (IOException e) {
            if (e.getCause() instanceof ApiException refusal) {
                throw refusal;
            }
            throw kind.invalid("the upload is not a readable zip archive (" + oneLine(e) + ")");
        } catch (RuntimeException e) {
            throw kind.invalid("the upload is not a readable zip archive (" + oneLine(e) + ")");
        }
    }

    private static boolean isDevice(int unixMode) {
        int type = unixMode & 0170000;
        return type == 0020000 || type == 0060000 || type == 0010000 || type == 0140000;
    }

    private static void remember(Set<String> topLevel, String path, Kind kind) {
        if (path.isEmpty()) {
            return;
        }
        int slash = path.indexOf('/');
        topLevel.add(slash < 0 ? path : path.substring(0, slash));
        if (topLevel.size() > MAX_TOP_NAMES) {
            throw kind.invalid("the archive has more than " + MAX_TOP_NAMES + " names at its top");
        }
    }

    /** What the entries said so far, over every archive in the stream. */
    private static final class Scan<T> {
        private final Expansion expansion;
        private final Kind kind;
        private final TopFile<T> reader;
        private final Entries entries;
        final Set<String> topLevel = new java.util.LinkedHashSet<>();
        T top;
        boolean found;
        boolean any;

        Scan(Expansion expansion, Kind kind, TopFile<T> reader) {
            this.expansion = expansion;
            this.kind = kind;
            this.reader = reader;
            this.entries = new Entries(kind);
        }

        void read(TarArchiveInputStream tar) throws IOException {
            while (true) {
                // Skipped here rather than inside getNextEntry, so that the header budget counts headers only.
                while (tar.getCurrentEntry() != null && tar.skip(Long.MAX_VALUE) > 0) {
                    // until the entry's data is behind
                }
                expansion.startHeader();
                TarArchiveEntry entry = tar.getNextEntry();
                expansion.endHeader();
                if (entry == null) {
                    return;
                }
                if (entry.isGlobalPaxHeader()) {
                    continue;
                }
                any = true;
                String name = entries.check(entry);
                if (kind != IMAGE) {
                    remember(topLevel, name, kind);
                }
                if (name.equals(kind.topFile())) {
                    if (found) {
                        throw kind.invalid("the tarball has two " + kind.topFile() + " entries");
                    }
                    if (!Entries.isRegular(entry)) {
                        throw kind.invalid(kind.topFile() + " must be a regular file");
                    }
                    found = true;
                    top = reader.read(tar);
                }
            }
        }
    }

    /**
     * Reads past the zero records that end an archive; true when something else follows, left
     * unread. The zeros count towards the expansion limits like any other byte.
     */
    private static boolean anotherArchiveFollows(InputStream in) throws IOException {
        byte[] record = new byte[RECORD];
        while (true) {
            in.mark(RECORD);
            int n = in.readNBytes(record, 0, RECORD);
            if (n == 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (record[i] != 0) {
                    in.reset();
                    return true;
                }
            }
        }
    }

    private static InputStream decompress(String compression, InputStream raw) throws IOException {
        if (compression == null) {
            return raw;
        }
        // Every member of a multi-member stream (pigz, pbzip2, concatenated files) is read: an
        // entry in a later member is unpacked by gzip -d and tar alike.
        return switch (compression) {
            case CompressorStreamFactory.GZIP -> new GzipCompressorInputStream(raw, true);
            case CompressorStreamFactory.BZIP2 -> new BZip2CompressorInputStream(raw, true);
            case CompressorStreamFactory.XZ -> new XZCompressorInputStream(raw, true, XZ_MEMORY_LIMIT_KIB);
            default -> throw new IllegalStateException(compression);
        };
    }

    private static String detectCompression(InputStream in, Kind kind) throws IOException {
        try {
            String detected = CompressorStreamFactory.detect(in);
            if (!ACCEPTED.contains(detected)) {
                throw kind.invalid("compression " + detected + " is not accepted; use gzip, bzip2, xz or a plain tar");
            }
            return detected;
        } catch (CompressorException notCompressed) {
            return null;
        }
    }

    /**
     * The rules every entry must follow so that unpacking the image cannot touch anything outside
     * it. Paths are walked component by component as an extractor would resolve them; the
     * simplest rule that stops the two-step trick ({@code up -> ..}, then {@code up/x}) is that no
     * path may pass through a symlink. Paths are kept as 64-bit hashes: a collision can only
     * refuse a good tarball or accept a hard link to nothing, never let an entry out.
     */
    static final class Entries {
        private final Kind kind;
        private final Set<Long> paths = new HashSet<>();
        private final Set<Long> symlinks = new HashSet<>();
        /** Every directory that some symlink's target passes through: it must not become a symlink later. */
        private final Set<Long> traversedByLinks = new HashSet<>();
        private int count;

        Entries(Kind kind) {
            this.kind = kind;
        }

        /** Checks a tar entry and returns its path, normalised. */
        String check(TarArchiveEntry entry) {
            String name = entry.getName();
            if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                throw kind.invalid("tarball entry " + printable(name) + " is a device or a fifo; " + kind.plural()
                        + " may not hold them");
            }
            if (!isRegular(entry) && !entry.isDirectory() && !entry.isSymbolicLink() && !entry.isLink()
                    && !entry.isGNUSparse()) {
                throw kind.invalid("tarball entry " + printable(name) + " has type '" + (char) entry.getLinkFlag()
                        + "', which " + kind.plural() + " may not hold");
            }
            return check("tarball", name, entry.isDirectory(), entry.isSymbolicLink() ? entry.getLinkName() : null,
                    entry.isLink() ? entry.getLinkName() : null);
        }

        /**
         * Checks an entry of any archive (a tar's or a zip's) and returns its path, normalised.
         *
         * @param symlink  the target when the entry is a symlink, else null
         * @param hardLink the target when the entry is a hard link, else null
         */
        String check(String archive, String name, boolean directory, String symlink, String hardLink) {
            if (++count > MAX_ENTRIES) {
                throw kind.invalid("the " + archive + " has more than " + MAX_ENTRIES + " entries");
            }
            if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
                throw kind.invalid(archive + " entry " + printable(name) + " is an absolute path");
            }
            Walk path = Walk.of(List.of(), name);
            if (path == null) {
                throw kind.invalid(archive + " entry " + printable(name) + " climbs out of the " + kind.noun());
            }
            if (anySymlink(path.steps)) {
                throw kind.invalid(archive + " entry " + printable(name) + " goes through or replaces an earlier symlink");
            }
            if (path.components.isEmpty() && !directory) {
                throw kind.invalid(archive + " entry " + printable(name) + " names the " + kind.noun()
                        + "'s root but is not a directory");
            }
            if (symlink != null) {
                checkSymlink(name, path, symlink);
            } else if (hardLink != null) {
                checkHardLink(name, hardLink);
            }
            paths.add(path.hash);
            return path.joined();
        }

        private void checkSymlink(String name, Walk path, String target) {
            Walk resolved = resolveTarget(kind, "symlink", name, path.parent(), target);
            if (traversedByLinks.contains(path.hash)) {
                throw kind.invalid("tarball symlink " + printable(name) + " redirects an earlier symlink's target");
            }
            // Where the target ends may be a symlink (a chain, each link checked itself); the
            // directories it passes through on the way may not.
            List<Long> steps = resolved.steps;
            boolean endsOnStep = !steps.isEmpty() && steps.get(steps.size() - 1) == resolved.hash;
            List<Long> through = endsOnStep ? steps.subList(0, steps.size() - 1) : steps;
            if (anySymlink(through) || through.contains(path.hash)) {
                throw kind.invalid("tarball symlink " + printable(name) + " points through another symlink");
            }
            traversedByLinks.addAll(through);
            symlinks.add(path.hash);
        }

        private void checkHardLink(String name, String target) {
            Walk resolved = resolveTarget(kind, "hard link", name, List.of(), target);
            // Also the last step: a hard link to a symlink is that symlink read from another directory.
            if (anySymlink(resolved.steps)) {
                throw kind.invalid("tarball hard link " + printable(name) + " points to or through a symlink");
            }
            if (resolved.components.isEmpty() || !paths.contains(resolved.hash)) {
                throw kind.invalid("tarball hard link " + printable(name) + " points to " + printable(target)
                        + ", which is not an earlier entry");
            }
        }

        private boolean anySymlink(List<Long> steps) {
            for (long step : steps) {
                if (symlinks.contains(step)) {
                    return true;
                }
            }
            return false;
        }

        /** A link's target resolved from {@code from}; refused when absolute or when it climbs out. */
        private static Walk resolveTarget(Kind kind, String link, String name, List<String> from, String target) {
            if (target.startsWith("/")) {
                throw kind.invalid("tarball " + link + " " + printable(name) + " has an absolute target " + printable(target));
            }
            Walk resolved = Walk.of(from, target);
            if (resolved == null) {
                throw kind.invalid("tarball " + link + " " + printable(name) + " points outside the " + kind.noun());
            }
            return resolved;
        }

        static boolean isRegular(TarArchiveEntry entry) {
            byte flag = entry.getLinkFlag();
            return flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_CONTIG;
        }
    }

    /**
     * A relative path resolved lexically from a directory: its components, and the hash of every
     * directory it steps into on the way (the last being the path itself).
     */
    static final class Walk {
        private static final long FNV_OFFSET = 0xcbf29ce484222325L;
        private static final long FNV_PRIME = 0x100000001b3L;
        final List<String> components;
        final List<Long> steps;
        final long hash;

        private Walk(List<String> components, List<Long> steps, long hash) {
            this.components = components;
            this.steps = steps;
            this.hash = hash;
        }

        /** Resolves {@code path} from {@code directory}; null when it climbs above the root. */
        static Walk of(List<String> directory, String path) {
            List<String> components = new ArrayList<>(directory);
            // Hash of each prefix, kept as a stack so that a long path costs its length, not its square.
            List<Long> prefixes = new ArrayList<>();
            long h = FNV_OFFSET;
            for (String c : directory) {
                h = extend(h, c);
                prefixes.add(h);
            }
            List<Long> steps = new ArrayList<>();
            for (String part : path.split("/")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (components.isEmpty()) {
                        return null;
                    }
                    components.remove(components.size() - 1);
                    prefixes.remove(prefixes.size() - 1);
                } else {
                    components.add(part);
                    prefixes.add(extend(prefixes.isEmpty() ? FNV_OFFSET : prefixes.get(prefixes.size() - 1), part));
                    steps.add(prefixes.get(prefixes.size() - 1));
                }
            }
            long hash = prefixes.isEmpty() ? FNV_OFFSET : prefixes.get(prefixes.size() - 1);
            return new Walk(components, steps, hash);
        }

        private static long extend(long h, String component) {
            long x = (h ^ '/') * FNV_PRIME;
            for (int i = 0; i < component.length(); i++) {
                x = (x ^ component.charAt(i)) * FNV_PRIME;
            }
            return x;
        }

        List<String> parent() {
            return components.isEmpty() ? List.of() : components.subList(0, components.size() - 1);
        }

        String joined() {
            return String.join("/", components);
        }
    }

    /**
     * Hands every byte read or skipped to {@link #counted}, in slices of at most
     * {@code CLIENT_CHECK_EVERY}: one skip over a bomb's claimed entry size would otherwise inflate
     * it all before it is counted.
     */
    private abstract static class CountingStream extends FilterInputStream {
        CountingStream(InputStream in) {
            super(in);
        }

        abstract void counted(long n) throws InterruptedIOException;

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, (int) Math.min(len, CLIENT_CHECK_EVERY));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, CLIENT_CHECK_EVERY));
            if (skipped > 0) {
                counted(skipped);
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /**
     * Counts the bytes that come out of the decompressor and refuses once they pass the limits;
     * bounds what one entry's headers may take; and asks now and then whether the client is still
     * there, and whether the thread has been told to stop (a spool that failed otherwise).
     */
    private static final class Expansion extends CountingStream {
        private final Limits limits;
        private final LongSupplier compressedSize;
        private final boolean sizeFinal;
        private final BooleanSupplier clientGone;
        private long expanded;
        private long nextClientCheck = CLIENT_CHECK_EVERY;
        private long headerStart = -1;
        private final Kind kind;

        Expansion(InputStream in, Limits limits, LongSupplier compressedSize, boolean sizeFinal,
                  BooleanSupplier clientGone, Kind kind) {
            super(in);
            this.kind = kind;
            this.limits = limits;
            this.compressedSize = compressedSize;
            this.sizeFinal = sizeFinal;
            this.clientGone = clientGone;
        }

        /** Counts what {@code data} yields towards this expansion's limits (a zip's entries, one by one). */
        InputStream counting(InputStream data) {
            return new CountingStream(data) {
                @Override
                void counted(long n) throws InterruptedIOException {
                    Expansion.this.counted(n);
                }
            };
        }

        void startHeader() {
            headerStart = expanded;
        }

        void endHeader() {
            headerStart = -1;
        }

        void checkClient() {
            if (clientGone.getAsBoolean()) {
                throw UploadService.abandoned();
            }
        }

        @Override
        void counted(long n) throws InterruptedIOException {
            expanded += n;
            long compressed = compressedSize.getAsLong();
            long byRatio = limits.byRatio(compressed);
            if (expanded > Math.min(byRatio, limits.maxExpanded())) {
                if (byRatio >= limits.maxExpanded()) {
                    // More bytes can only raise byRatio: the absolute limit binds whatever follows.
                    throw kind.invalid("the " + kind.noun() + " expands to more than " + limits.maxExpanded()
                            + " bytes (AMS_MAX_EXPANDED_SIZE)", limits.maxExpanded(), "AMS_MAX_EXPANDED_SIZE");
                }
                if (!sizeFinal) {
                    throw new Undecided();
                }
                throw kind.invalid("the " + kind.noun() + " expands to more than " + limits.maxRatio() + " times its size of "
                        + compressed + " bytes (AMS_MAX_EXPANSION_RATIO)", byRatio, "AMS_MAX_EXPANSION_RATIO");
            }
            if (headerStart >= 0 && expanded - headerStart > MAX_HEADER_BYTES + 2L * RECORD + 8192) {
                throw kind.invalid("an archive entry has more than " + MAX_HEADER_BYTES + " bytes of headers");
            }
            if (expanded >= nextClientCheck) {
                nextClientCheck = expanded + CLIENT_CHECK_EVERY;
                checkClient();
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("the tarball check was stopped");
                }
            }
        }
    }

    /**
     * Thrown by the check of a tarball still arriving, of unknown size, whose beginning expands
     * further than the ratio allows for the bytes so far: the rest may yet bring it under.
     */
    private static final class Undecided extends RuntimeException {
        Undecided() {
            super(null, null, false, false);
        }
    }

    /**
     * Reads a small YAML file of an archive safely: at most {@code maxBytes}, plain data types only
     * (no tags that build objects), aliases and nesting bounded so that a billion laughs cannot
     * expand, and a duplicate key refused. Null for an empty file.
     */
    public static Object readYaml(InputStream entry, int maxBytes, Kind kind) throws IOException {
        byte[] bytes = entry.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw kind.invalid(kind.topFile() + " is larger than " + maxBytes + " bytes");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(maxBytes);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        try {
            return new Yaml(new SafeConstructor(options)).load(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw kind.invalid(kind.topFile() + " is not valid YAML (" + oneLine(e) + ")");
        }
    }

    private static String readArchitecture(InputStream entry) throws IOException {
        Object doc = readYaml(entry, MAX_METADATA_BYTES, IMAGE);
        if (doc != null && !(doc instanceof Map<?, ?>)) {
            throw invalid("metadata.yaml must be a YAML mapping");
        }
        Object arch = doc == null ? null : ((Map<?, ?>) doc).get("architecture");
        return arch == null ? null : ImageTypes.checkArchitecture(arch.toString());
    }

    private static ApiException invalid(String message) {
        return IMAGE.invalid(message);
    }

    private static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "\"" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("\\s+", " ");
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
