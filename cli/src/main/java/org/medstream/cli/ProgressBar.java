package org.medstream.cli;

import java.io.PrintWriter;

/**
 * A one-line text progress bar redrawn in place with carriage returns, at most every 200 ms so
 * frequent updates cost little.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_INTERVAL_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final String label;
    private long lastDrawNanos;
    private long done;
    private long total;
    private String suffix = "";

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
        out.println();
    }

    private void draw() {
        double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        out.printf("\r%s [%s] %5.1f%% %s", label, bar, 100 * fraction, suffix);
        out.flush();
    }
}
