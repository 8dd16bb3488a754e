package io.amsfleet.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code amc completion bash}: prints a completion script for every command and option, made by
 * picocli from the same annotations that parse the command line, so it cannot drift. The script
 * also runs in zsh through {@code bashcompinit}, which it enables itself.
 */
@Command(name = "completion", description = {"Print a shell completion script.",
        "Load it now with: source <(amc completion bash)",
        "or install it: amc completion bash > /etc/bash_completion.d/amc"})
final class CompletionCommand implements Callable<Integer> {
    /** The shells the generated script runs in. */
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "<shell>", description = "bash or zsh.")
    Shell shell;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    private final Session session;

    CompletionCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.env().out().print(AutoComplete.bash("amc", spec.root().commandLine()));
        return ExitStatus.OK;
    }
}
