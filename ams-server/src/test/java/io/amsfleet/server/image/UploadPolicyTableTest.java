package io.amsfleet.server.image;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of adding to the catalogue, shared by uploads and the image-server sync. */
class UploadPolicyTableTest {
    private static final long NOW = 1_000_000L;

    @ParameterizedTest(name = "immutable={0} busy={1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # immutable | busy  | refusal
              false     | false | -
              true      | false | image_immutable
              false     | true  | image_busy
              true      | true  | image_immutable
            """)
    void anUploadedVersionIsRefusedBy(boolean immutable, boolean busy, String refusal) {
        ImageRecord image = new ImageRecord(1, "d4image", "foo", "container", "x86_64", "android", false, immutable,
                3, 1, 1, busy ? NOW + 60_000 : null, busy ? "upload" : null, 0, false, null);

        assertThat(UploadPolicy.newVersionRefusal(image, NOW).map(b -> b.code().code()).orElse("-")).isEqualTo(refusal);
    }

    @ParameterizedTest(name = "{0} images of the type before: default={1}")
    @CsvSource({"0, true", "1, false", "7, false"})
    void onlyTheFirstImageOfATypeBecomesItsDefault(long before, boolean becomesDefault) {
        assertThat(UploadPolicy.becomesDefault(before)).isEqualTo(becomesDefault);
    }

    @ParameterizedTest(name = "a hold that ends at {0}")
    @CsvSource({"1000000", "999999"})
    void aLapsedHoldNoLongerRefuses(long until) {
        ImageRecord image = new ImageRecord(1, "d4image", "foo", "container", "x86_64", "android", false, false, 3, 1,
                1, until, "upload", 0, false, null);

        assertThat(UploadPolicy.newVersionRefusal(image, NOW)).isEmpty();
    }
}
