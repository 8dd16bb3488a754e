package io.amsfleet.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The JDK's own loggers inside amc: found without a class-path scan, and quiet below a warning. */
class JdkLoggingTest {
    @Test
    void theJdkFindsAmcsLoggerFinderAsItsService() {
        assertInstanceOf(JdkLogging.class, System.LoggerFinder.getLoggerFinder());
    }

    @Test
    void warningsReachStderrAsOneLineAndInformationDoesNot() {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            System.Logger logger = new JdkLogging().getLogger("jdk.internal.httpclient", Object.class.getModule());
            logger.log(System.Logger.Level.INFO, "connected");
            logger.log(System.Logger.Level.WARNING, "closing {0}", "socket");
        } finally {
            System.setErr(before);
        }
        assertEquals("amc: jdk.internal.httpclient: warning: closing socket" + System.lineSeparator(),
                err.toString(StandardCharsets.UTF_8));
    }
}
