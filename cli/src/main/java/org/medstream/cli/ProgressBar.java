package org.medstream.cli;

import java.io.PrintWriter;

/**
 * A one-line text progress bar redrawn in place with carriage returns, at most every 200 ms so
 * frequent updates cost little. Without a terminal (output to a file or pipe) it prints a plain
 * line at every tenth of the work instead, and at least every 10 s while work goes on, so slow runs
 * show their live summary too.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_INTERVAL_NANOS = 200_000_000L;
    private static final long PLAIN_LINE_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintWriter out;
    private final String label;
    private long lastDrawNanos;
    private long done;
    private long total;
    private String suffix = "";
    private final boolean terminal = System.console() != null;
    private int lastTenth = -1;
    private long lastPlainLineNanos = System.nanoTime();

    ProgressBar(PrintWriter out, String label) {
        this.out = out;
        this.label = label;
    }

    /** Records progress and redraws when the last redraw is old enough. */
    synchronized void update(long done, long total) {
        this.done = done;
        this.total = total;
        long now = System.nanoTime();
        if (now - lastDrawNanos >= REDRAW_INTERVAL_NANOS || done >= total) {
            lastDrawNanos = now;
            draw();
        }
    }

    /** Sets a text shown after the bar, such as a live per-stream summary. */
    synchronized void suffix(String text) {
        suffix = text;
    }

    /** Draws the final state and ends the line. */
    synchronized void finish() {
        draw();
        if (terminal) {
            out.println();
        }
    }

    private void draw() {
        double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        if (!terminal) {
            int tenth = (int) (fraction * 10);
            long now = System.nanoTime();
            if (tenth > lastTenth || now - lastPlainLineNanos >= PLAIN_LINE_INTERVAL_NANOS) {
                lastTenth = Math.max(lastTenth, tenth);
                lastPlainLineNanos = now;
                out.printf("%s %5.1f%% %s%n", label, 100 * fraction, suffix);
            }
            return;
        }
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        out.printf("\r%s [%s] %5.1f%% %s", label, bar, 100 * fraction, suffix);
        out.flush();
    }
}
