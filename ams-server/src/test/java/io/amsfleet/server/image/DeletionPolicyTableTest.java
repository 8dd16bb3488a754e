package io.amsfleet.server.image;

import io.amsfleet.model.DeletionReport.AppRef;
import io.amsfleet.model.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deletion rules of SPEC §3 as a table: the facts of one delete, and what the policy makes of
 * them. No server: the same pure code decides the real delete, the dry run and the blockers an
 * image's view carries. A column reads "-" for none; applications and blockers are space-separated,
 * blockers in the order a refusal reports them.
 */
class DeletionPolicyTableTest {
    private static final long NOW = 1_000_000L;

    @ParameterizedTest(name = "{0}: {1} {2}{3}{4} pinned by [{7}] force={8} -> [{9}]")
    @CsvSource(delimiter = '|', textBlock = """
            # target  | busy | default | of type | immutable | versions | pinned by | force | blockers                                                   | allowed | force would help
              image   | no   | no      | 1       | no        | 2        | -         | no    | -                                                          | yes     | no
              image   | no   | no      | 1       | no        | 2        | -         | yes   | -                                                          | yes     | no
              image   | yes  | no      | 1       | no        | 2        | -         | no    | image_busy                                                 | no      | no
              image   | yes  | no      | 1       | no        | 2        | -         | yes   | image_busy                                                 | no      | no
              image   | no   | yes     | 2       | no        | 1        | -         | no    | image_is_default                                           | no      | no
              image   | no   | yes     | 2       | no        | 1        | -         | yes   | image_is_default                                           | no      | no
              image   | no   | yes     | 1       | no        | 1        | -         | no    | -                                                          | yes     | no
              image   | no   | no      | 1       | yes       | 1        | -         | no    | image_immutable                                            | no      | yes
              image   | no   | no      | 1       | yes       | 1        | -         | yes   | image_immutable                                            | yes     | no
              image   | no   | no      | 1       | no        | 2        | bar baz   | no    | image_in_use                                               | no      | yes
              image   | no   | no      | 1       | no        | 2        | bar baz   | yes   | image_in_use                                               | yes     | no
              image   | no   | no      | 1       | yes       | 2        | bar       | no    | image_immutable image_in_use                               | no      | yes
              image   | no   | no      | 1       | yes       | 2        | bar       | yes   | image_immutable image_in_use                               | yes     | no
              image   | no   | yes     | 3       | no        | 2        | bar       | no    | image_is_default image_in_use                              | no      | no
              image   | no   | yes     | 3       | no        | 2        | bar       | yes   | image_is_default image_in_use                              | no      | no
              image   | yes  | yes     | 2       | yes       | 2        | bar       | no    | image_busy image_is_default image_immutable image_in_use   | no      | no
              image   | yes  | yes     | 2       | yes       | 2        | bar       | yes   | image_busy image_is_default image_immutable image_in_use   | no      | no
              version | no   | no      | 1       | no        | 2        | -         | no    | -                                                          | yes     | no
              version | no   | yes     | 3       | no        | 2        | -         | no    | -                                                          | yes     | no
              version | yes  | no      | 1       | no        | 2        | -         | no    | image_busy                                                 | no      | no
              version | yes  | no      | 1       | no        | 2        | -         | yes   | image_busy                                                 | no      | no
              version | no   | no      | 1       | no        | 1        | -         | no    | last_version                                               | no      | no
              version | no   | no      | 1       | no        | 1        | -         | yes   | last_version                                               | no      | no
              version | no   | no      | 1       | yes       | 2        | -         | no    | version_immutable                                          | no      | no
              version | no   | no      | 1       | yes       | 2        | -         | yes   | version_immutable                                          | no      | no
              version | no   | no      | 1       | no        | 2        | bar       | no    | version_in_use                                             | no      | yes
              version | no   | no      | 1       | no        | 2        | bar       | yes   | version_in_use                                             | yes     | no
              version | no   | no      | 1       | no        | 1        | bar       | no    | last_version version_in_use                                | no      | no
              version | no   | no      | 1       | no        | 1        | bar       | yes   | last_version version_in_use                                | no      | no
              version | yes  | no      | 1       | yes       | 1        | bar       | no    | image_busy version_immutable last_version version_in_use   | no      | no
              version | yes  | no      | 1       | yes       | 1        | bar       | yes   | image_busy version_immutable last_version version_in_use   | no      | no
            """)
    void theRules(String target, String busy, String isDefault, long ofType, String immutable, int versions,
                  String pinnedBy, String force, String blockers, String allowed, String forceWouldHelp) {
        DeletionFacts facts = facts(target, yes(busy), yes(isDefault), ofType, yes(immutable), versions, pinnedBy);

        DeletionPlan plan = DeletionPolicy.plan(facts, yes(force));

        assertThat(codes(plan.blockers())).as("blockers").isEqualTo(words(blockers));
        assertThat(plan.allowed()).as("allowed").isEqualTo(yes(allowed));
        assertThat(plan.forceWouldHelp()).as("force would help").isEqualTo(yes(forceWouldHelp));
        assertThat(plan.removes()).as("removes").hasSize(target.equals("image") ? versions : 1);
    }

    @ParameterizedTest(name = "{1} deleting {0} of an image with {3} versions pinned by [{4}] meets [{5}]")
    @CsvSource(delimiter = '|', textBlock = """
            # target  | role     | immutable | versions | pinned by | blockers
              image   | admin    | no        | 2        | -         | -
              image   | operator | no        | 2        | -         | forbidden
              image   | viewer   | no        | 2        | bar       | forbidden image_in_use
              image   | admin    | yes       | 2        | bar       | image_immutable image_in_use
              version | admin    | no        | 2        | -         | -
              version | viewer   | no        | 2        | -         | forbidden
              version | operator | yes       | 1        | bar       | forbidden version_immutable last_version version_in_use
            """)
    void whatAViewShowsItsCaller(String target, String role, String immutable, int versions, String pinnedBy,
                                 String blockers) {
        DeletionFacts facts = facts(target, false, false, 1, yes(immutable), versions, pinnedBy);

        List<DeletionPlan.Blocker> shown = DeletionPolicy.blockersFor(facts, Role.fromLabel(role));

        assertThat(codes(shown)).isEqualTo(words(blockers));
        shown.stream().filter(b -> b.code().code().equals("forbidden")).forEach(b -> {
            assertThat(b.message()).contains("needs an admin token", "this is a " + role + " token");
            assertThat(b.view().forceLifts()).isFalse();
        });
        shown.stream().filter(b -> b.code().code().endsWith("_in_use")).forEach(b -> {
            assertThat(b.view().applications()).extracting(AppRef::name).isEqualTo(words(pinnedBy));
            assertThat(b.view().forceLifts()).isTrue();
        });
    }

    @ParameterizedTest(name = "{0} of an image {1} (unprotect at {2}), busy={3} immutable={4} pinned by [{5}]"
            + " force={6} -> [{7}]")
    @CsvSource(delimiter = '|', textBlock = """
            # target  | protected | unprotect at | busy | immutable | pinned by | force | blockers                                          | allowed
              image   | yes       | -            | no   | no        | -         | no    | image_protected                                   | no
              image   | yes       | -            | no   | no        | -         | yes   | image_protected                                   | no
              image   | yes       | -            | no   | yes       | bar       | yes   | image_protected image_immutable image_in_use      | no
              image   | yes       | -            | yes  | no        | -         | no    | image_protected image_busy                        | no
              image   | yes       | later        | no   | no        | -         | yes   | image_protected                                   | no
              image   | yes       | past         | no   | no        | -         | no    | -                                                 | yes
              image   | no        | -            | no   | no        | bar       | yes   | image_in_use                                      | yes
              version | yes       | -            | no   | no        | -         | no    | image_protected                                   | no
              version | yes       | -            | no   | no        | bar       | yes   | image_protected version_in_use                    | no
              version | yes       | later        | no   | no        | -         | no    | image_protected                                   | no
              version | yes       | past         | no   | no        | bar       | yes   | version_in_use                                    | yes
            """)
    void theProtectionRule(String target, String isProtected, String unprotectAt, String busy, String immutable,
                           String pinnedBy, String force, String blockers, String allowed) {
        Long at = switch (unprotectAt) {
            case "later" -> NOW + 1;
            case "past" -> NOW;
            default -> null;
        };
        DeletionFacts facts = facts(target, yes(busy), false, 1, yes(immutable), 2, pinnedBy, yes(isProtected), at);

        DeletionPlan plan = DeletionPolicy.plan(facts, yes(force));

        assertThat(codes(plan.blockers())).as("blockers").isEqualTo(words(blockers));
        assertThat(plan.allowed()).as("allowed").isEqualTo(yes(allowed));
        assertThat(plan.forceWouldHelp()).as("force never lifts protection").isFalse();
        if (at != null && yes(isProtected) && !yes(allowed)) {
            assertThat(plan.refusal().message()).contains("until its unprotection takes effect at");
        }
    }

    /** An image "foo" with versions 0..n-1; a version target deletes version 0, which the apps pin. */
    private static DeletionFacts facts(String target, boolean busy, boolean isDefault, long ofType, boolean immutable,
                                       int versions, String pinnedBy) {
        return facts(target, busy, isDefault, ofType, immutable, versions, pinnedBy, false, null);
    }

    private static DeletionFacts facts(String target, boolean busy, boolean isDefault, long ofType, boolean immutable,
                                       int versions, String pinnedBy, boolean isProtected, Long unprotectAt) {
        ImageRecord image = new ImageRecord(1, "d4image", "foo", "container", "x86_64", "android", isDefault,
                immutable, 3, versions, 1, busy ? NOW + 60_000 : null, busy ? "upload" : null, 0, isProtected,
                unprotectAt);
        List<VersionRecord> rows = IntStream.range(0, versions).mapToObj(v -> new VersionRecord(1, v, "f" + v,
                "c" + v, 10, 0, 3, null, null, null)).toList();
        List<AppRef> apps = words(pinnedBy).stream().map(name -> new AppRef("id-" + name, name)).toList();
        return new DeletionFacts(image, rows, target.equals("image") ? null : 0, ofType, apps, NOW);
    }

    private static List<String> codes(List<DeletionPlan.Blocker> blockers) {
        return blockers.stream().map(b -> b.code().code()).toList();
    }

    private static List<String> words(String column) {
        return column.equals("-") ? List.of() : Arrays.asList(column.trim().split("\\s+"));
    }

    private static boolean yes(String column) {
        return switch (column) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("yes or no, not " + column);
        };
    }
}
