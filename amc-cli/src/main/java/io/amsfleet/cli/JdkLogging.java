package io.amsfleet.cli;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * Where the JDK's own loggers (the HTTP client's, the security classes') write inside amc: their
 * warnings and errors on stderr, one line each, and nothing below. Registered as the
 * {@link System.LoggerFinder} service in amc's jar, the first on its class path: without a
 * service, the JDK looks for one in every jar on the class path (opening each, some 17 ms of CPU
 * of every run, docs/cli.md#performance) before it settles on java.util.logging, which amc does
 * not otherwise load.
 */
public final class JdkLogging extends System.LoggerFinder {
    @Override
    public System.Logger getLogger(String name, Module module) {
        return new Line(name, System.err);
    }

    private record Line(String name, PrintStream err) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= Level.WARNING.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                err.println("amc: " + name + ": " + level.getName().toLowerCase(java.util.Locale.ROOT) + ": " + msg
                        + (thrown == null ? "" : " (" + thrown + ")"));
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                log(level, bundle, params == null || params.length == 0 ? format
                        : MessageFormat.format(format, params), (Throwable) null);
            }
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            if (isLoggable(level)) {
                log(level, null, msgSupplier.get(), (Throwable) null);
            }
        }
    }
}
