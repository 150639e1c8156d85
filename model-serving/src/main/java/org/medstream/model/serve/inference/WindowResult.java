package org.medstream.model.serve.inference;

import java.util.List;

/**
 * The model's output for one window.
 *
 * @param streamId the window's stream id
 * @param samples number of samples per lead in the window
 * @param warmupSamples leading samples whose outputs were left out
 * @param labels runs of the most likely class per lead after the warm-up, in sample order per lead;
 *     runs of the first class ({@code none}) are left out
 * @param events events that start after the warm-up, in the order the model completed them
 */
public record WindowResult(
        String streamId,
        int samples,
        int warmupSamples,
        List<LabelRun> labels,
        List<Event> events) {

    public WindowResult {
        labels = List.copyOf(labels);
        events = List.copyOf(events);
    }
}
