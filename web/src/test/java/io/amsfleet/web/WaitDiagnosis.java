package io.amsfleet.web;

import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a browser wait that ran out found: the page's address and text, the requests it made and
 * how long each took, what it logged, and what the server's own threads (in this JVM) were doing.
 * Bounded, so that a CI log stays readable.
 */
final class WaitDiagnosis {
    private static final int PAGE_TEXT = 600;
    private static final int FRAMES = 8;

    private WaitDiagnosis() {
    }

    static String of(Browser browser) {
        StringBuilder out = new StringBuilder();
        try {
            out.append("page: ").append(browser.address()).append(" (")
                    .append(browser.script("return document.readyState")).append(")\n");
            Object text = browser.script("return document.body ? document.body.innerText : ''");
            out.append("text: ").append(clip(String.valueOf(text).replaceAll("\\s+", " "), PAGE_TEXT)).append('\n');
            // Requests that have not answered yet are missing here: the page's own calls the
            // test expected, and do not appear, are the ones still waiting.
            out.append("requests:\n").append(browser.script("return performance.getEntriesByType('resource')"
                    + ".filter(e => e.initiatorType === 'fetch' || e.initiatorType === 'xmlhttprequest' || e.name.includes('/1.0/'))"
                    + ".slice(-15).map(e => '  ' + e.name.replace(location.origin, '') + ' ' + (e.responseStatus || '')"
                    + " + ' at ' + Math.round(e.startTime) + ' ms, ' + Math.round(e.duration) + ' ms').join('\\n')"))
                    .append('\n');
            out.append("now: ").append(browser.script("return Math.round(performance.now())")).append(" ms since the page loaded\n");
            String console = browser.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::getMessage).map(m -> "  " + clip(m, 300)).collect(Collectors.joining("\n"));
            out.append("console:\n").append(console).append('\n');
        } catch (RuntimeException e) {
            out.append("the browser did not answer: ").append(e.getClass().getSimpleName()).append('\n');
        }
        out.append("server threads at work:\n").append(serverThreads());
        return out.toString();
    }

    /** Threads running the server's code (a request, a job; waiting on the database too), with their top frames. */
    private static String serverThreads() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = entry.getValue();
            boolean ours = Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("io.amsfleet.server"));
            if (!ours || entry.getKey() == Thread.currentThread()) {
                continue;
            }
            out.append("  ").append(entry.getKey().getName()).append(' ').append(entry.getKey().getState()).append('\n');
            Arrays.stream(stack).limit(FRAMES).forEach(f -> out.append("    at ").append(f).append('\n'));
            Arrays.stream(stack).skip(FRAMES).filter(f -> f.getClassName().startsWith("io.amsfleet.server")).findFirst()
                    .ifPresent(f -> out.append("    … at ").append(f).append('\n'));
        }
        return out.isEmpty() ? "  none\n" : out.toString();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
