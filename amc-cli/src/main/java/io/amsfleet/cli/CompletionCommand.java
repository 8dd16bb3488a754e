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
 * also runs in zsh through {@code bashcompinit}, which it enables itself. To picocli's script it
 * adds the names only the server knows — images, applications, versions, recycle bin entries,
 * tokens — asked of {@code amc __complete} ({@link NameCompletion}) with a short timeout; when
 * that fails, TAB offers what picocli's part offers, and prints nothing.
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
        session.env().out().print(NAMES);
        return ExitStatus.OK;
    }

    /**
     * Runs picocli's completion, then adds the server's names for the word under the cursor. Only
     * from the third word on (a name never comes sooner: amc image show NAME), and not for an
     * option, so that TAB on a command starts no JVM. {@code timeout} where there is one bounds
     * the whole run, besides amc's own timeout on each request.
     */
    static final String NAMES = """

            # Names from the server (images, applications, versions, recycle bin entries, tokens),
            # asked of `amc __complete`; nothing when the server does not answer in time.
            function _amc_complete_with_names() {
              _complete_amc "$@"
              (( COMP_CWORD >= 3 )) || return 0
              local curr_word=${COMP_WORDS[COMP_CWORD]}
              [[ "${curr_word}" == -* ]] && return 0
              local names
              if type timeout &>/dev/null; then
                names=$(timeout 5 "${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
              else
                names=$("${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
              fi
              [[ -n "${names}" ]] || return 0
              local IFS=$'\n'
              COMPREPLY+=( $(compgen -W "${names}" -- "${curr_word}") )
            }
            complete -F _amc_complete_with_names -o default amc amc.sh amc.bash
            """;
}
