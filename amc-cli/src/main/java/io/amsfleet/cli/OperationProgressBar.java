package io.amsfleet.cli;

import io.amsfleet.cli.client.WaitProgress;
import io.amsfleet.model.Operation;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.util.Map;

/**
 * Draws the download an operation reports in its {@code metadata.progress} (docs/events.md) as a
 * bar on stderr, as uploads are drawn: one bar per version downloaded. An operation that reports
 * no progress draws nothing.
 */
final class OperationProgressBar implements WaitProgress {
    private static final long MIB = 1 << 20;
    private final PrintStream err;
    private ProgressBar bar;
    private String drawing = "";

    OperationProgressBar(PrintStream err) {
        this.err = err;
    }

    @Override
    public void update(Operation op) {
        if (op.metadata() == null || !(op.metadata().get("progress") instanceof Map<?, ?> progress)) {
            return;
        }
        long bytes = number(progress.get("bytes"));
        long total = number(progress.get("total"));
        if (total <= 0) {
            return;
        }
        Object name = op.metadata().getOrDefault("name", "image");
        String label = "download " + name + " version " + number(progress.get("version"));
        String download = progress.get("image_id") + "/" + label;
        if (!download.equals(drawing)) {
            close();
            drawing = download;
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total).setUnit(" MiB", MIB)
                    .showSpeed(new DecimalFormat("#.0")).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(err, width())).build();
        }
        bar.stepTo(Math.min(bytes, total));
    }

    /**
     * The terminal's width, asked of a JLine terminal that leaves signals alone. Left to itself the
     * progress bar builds one that takes over SIGINT and dies of Ctrl-C at once, before the
     * shutdown hook that cancels the operation can run (see AmsClient).
     */
    private static int width() {
        try (Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(false).dumb(true).build()) {
            int columns = terminal.getWidth();
            return columns > 20 ? columns - 1 : 79;
        } catch (IOException | RuntimeException e) {
            return 79;
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : -1;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        drawing = "";
    }
}
