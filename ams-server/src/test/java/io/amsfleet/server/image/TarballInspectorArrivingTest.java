package io.amsfleet.server.image;

import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.support.TestTarballs;
import io.amsfleet.server.support.TestTarballs.Compression;
import io.amsfleet.server.support.TestTarballs.Entry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The check of a tarball still arriving: the expansion ratio is a ratio to the whole tarball, so
 * without a declared length a beginning that expands far is left to the check of the whole file
 * (the contract shows the upload's answer); every other rule refuses on the spot.
 */
class TarballInspectorArrivingTest {
    private static final TarballInspector.Limits LIMITS = new TarballInspector.Limits(64L << 20, 100, 4L << 20);

    private static Optional<TarballInspector.Metadata> arriving(byte[] tarball, Long declared) {
        return TarballInspector.inspectArriving(new ByteArrayInputStream(tarball), declared, LIMITS, () -> false);
    }

    @Test
    void aBeginningThatExpandsFarIsLeftToTheWholeFileWhenTheLengthIsUnknown() {
        byte[] tarball = TestTarballs.farExpandingAtFirst();
        assertThat(arriving(tarball, null)).isEmpty();
        assertThat(arriving(tarball, (long) tarball.length)).map(TarballInspector.Metadata::architecture)
                .contains("x86_64");
    }

    @Test
    void aBombOfUnknownLengthIsLeftToTheWholeFileAndOfDeclaredLengthRefused() {
        byte[] bomb = TestTarballs.zeros(Compression.GZIP, 0, 32L << 20);
        assertThat(arriving(bomb, null)).isEmpty();
        assertThatThrownBy(() -> arriving(bomb, (long) bomb.length)).isInstanceOf(ApiException.class)
                .hasMessageContaining("AMS_MAX_EXPANSION_RATIO");
    }

    @Test
    void everyOtherRuleRefusesWithoutWaitingForTheLength() {
        byte[] hostile = TestTarballs.tar(Compression.GZIP, List.of(Entry.metadata(), Entry.symlink("x", "/etc/passwd")));
        assertThatThrownBy(() -> arriving(hostile, null)).isInstanceOf(ApiException.class)
                .hasMessageContaining("absolute target");
    }

    @Test
    void theAbsoluteLimitRefusesWithoutWaitingForTheLength() {
        // 800 KiB of noise keeps the ratio to the bytes so far above the 64 MiB limit.
        byte[] big = TestTarballs.zeros(Compression.GZIP, 800 * 1024, 64L << 20);
        assertThatThrownBy(() -> arriving(big, null)).isInstanceOf(ApiException.class)
                .hasMessageContaining("AMS_MAX_EXPANDED_SIZE");
    }
}
