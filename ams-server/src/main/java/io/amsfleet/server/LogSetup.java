package io.amsfleet.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.DefaultJoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The server's logging, set up in code instead of a logback.xml: Logback's XML configurator loads
 * an XML parser and some 700 classes of its own, and it ran twice per start (Logback's own
 * start, then Micronaut's refresh of it), a large part of the server's start-up time. Found by
 * Logback before its XML configurator and by Micronaut through the same service file.
 *
 * <p>Lines go to standard output as {@code HH:mm:ss.SSS LEVEL logger - message}, or with
 * {@code AMS_LOG_FORMAT=json} as one JSON object a line (Logback's own {@link JsonEncoder}:
 * timestamp, level, thread, logger, the MDC with the request's {@code request_id}, the formatted
 * message, the exception); the connection pool and the migrations log warnings only.
 * {@code -Dlogback.configurationFile=…} still wins. Read from the environment, not from Micronaut's
 * settings, because logging starts before them; {@code config.LogSettings} refuses a bad value.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            DefaultJoranConfigurator joran = new DefaultJoranConfigurator();
            joran.setContext(context);
            return joran.configure(context);
        }
        Encoder<ILoggingEvent> encoder = "json".equalsIgnoreCase(String.valueOf(System.getenv("AMS_LOG_FORMAT")).trim())
                ? json(context) : text(context);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // The message as read, once: not its pattern and arguments beside it.
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();
        return encoder;
    }
}
