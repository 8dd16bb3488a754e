package io.amsfleet.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A command that only groups others ({@code amc image}, {@code amc application}, …): run on its
 * own it is a usage error that lists its commands.
 */
public abstract class CommandGroup implements Callable<Integer> {
    /** What {@link ErrorReport} recognises to print the group's usage. */
    static final String MISSING = "Missing command";

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), MISSING);
    }
}
