package org.medstream.model.serve.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the label runs and events of one window and leaves out what falls into the window's
 * warm-up: runs are cut to start at the first sample after it, and events that start inside it are
 * dropped. Not thread-safe.
 */
public final class WindowResultBuilder {
    private final Window window;
    private final List<LabelRun> labels = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    /** Creates a builder for the result of {@code window}. */
    public WindowResultBuilder(Window window) {
        this.window = window;
    }

    /**
     * Adds a run of samples [start, end) of {@code lead} labelled {@code label}; runs of the
     * background class are for the caller to leave out.
     */
    public void run(String lead, String label, long start, long end) {
        long from = Math.max(start, window.warmupSamples());
        if (end > from) {
            labels.add(new LabelRun(lead, label, from, end));
        }
    }

    /** Adds an event, unless it starts inside the warm-up. */
    public void event(Event event) {
        if (event.start() >= window.warmupSamples()) {
            events.add(event);
        }
    }

    /** Returns the result with everything added so far. */
    public WindowResult build() {
        return new WindowResult(
                window.streamId(), window.length(), window.warmupSamples(), labels, events);
    }
}
