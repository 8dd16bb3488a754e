package io.amsfleet.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
