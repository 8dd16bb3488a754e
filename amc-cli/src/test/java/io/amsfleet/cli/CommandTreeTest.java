package io.amsfleet.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The words amc picks a command's branch by are the name and aliases its annotation gives. */
class CommandTreeTest {
    @Test
    void everyGroupAndCommandIsPickedByTheNameAndAliasesItsAnnotationGives() {
        for (CommandTree.Group group : CommandTree.groups()) {
            List<CommandWords> named = new ArrayList<>(group.commands());
            named.add(group.group());
            for (CommandWords command : named) {
                Command annotation = command.type().getAnnotation(Command.class);
                List<String> words = new ArrayList<>(List.of(annotation.name()));
                words.addAll(List.of(annotation.aliases()));
                assertEquals(words, command.words(), command.type().getName());
            }
        }
    }

    @Test
    void aCommandLineNamesItsCommandByItsWordsPastTheRootsOptions() {
        assertEquals(io.amsfleet.cli.image.ImageCommand.COMMANDS.get(0).type(),
                CommandTree.named(new String[] {"--url", "http://x", "image", "ls", "--format", "json"}));
        assertEquals(null, CommandTree.named(new String[] {"image"}));
        assertEquals(null, CommandTree.named(new String[] {"image", "nonsense"}));
        assertEquals(null, CommandTree.named(new String[] {"--help"}));
    }

    @Test
    void theWarmUpBuildsTheStreamingClientForCommandsThatStartOperationsAndForNoOther() {
        assertTrue(Warmup.needsStreamingClient(new String[] {"image", "delete", "foo", "--yes"}));
        assertTrue(Warmup.needsStreamingClient(new String[] {"image", "add", "foo", "foo.tar"}));
        assertTrue(Warmup.needsStreamingClient(new String[] {"application", "publish", "app"}));
        assertFalse(Warmup.needsStreamingClient(new String[] {"image", "list"}));
        assertFalse(Warmup.needsStreamingClient(new String[] {"image", "show", "foo"}));
        assertFalse(Warmup.needsStreamingClient(new String[] {"--help"}));
    }
}
