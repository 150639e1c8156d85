package org.medstream.model.serve.inference;

/**
 * One event a model found in a window, in the window's sample indices. Which fields are set depends
 * on the kind:
 *
 * <ul>
 *   <li>{@code wave}: {@code lead}, {@code label} ({@code P}, {@code QRS} or {@code T}), {@code
 *       onset}, {@code peak} and {@code offset} (inclusive);
 *   <li>{@code beat}: {@code lead}, {@code label} (AAMI class N, S, V, F or Q) and {@code sample},
 *       the beat's fiducial point;
 *   <li>{@code breath}: {@code lead}, {@code label} {@code onset} and {@code sample}, the onset of
 *       inhalation;
 *   <li>{@code anomaly}: {@code lead}, {@code label} {@code anomalous}, {@code onset} (first
 *       sample) and {@code offset} (last sample) of the span, and {@code score}, its maximum
 *       anomaly score.
 * </ul>
 *
 * Fields that a kind does not use are null.
 */
public record Event(
        String kind,
        String lead,
        String label,
        Long sample,
        Long onset,
        Long peak,
        Long offset,
        Double score) {

    /** Event kind of a P wave, QRS complex or T wave. */
    public static final String WAVE = "wave";

    /** Event kind of a heart beat. */
    public static final String BEAT = "beat";

    /** Event kind of a breath onset. */
    public static final String BREATH = "breath";

    /** Event kind of an anomalous span. */
    public static final String ANOMALY = "anomaly";

    /** Returns a wave of {@code lead}. */
    public static Event wave(String lead, String label, long onset, long peak, long offset) {
        return new Event(WAVE, lead, label, null, onset, peak, offset, null);
    }

    /** Returns a point event (beat or breath) at {@code sample}. */
    public static Event point(String kind, String lead, String label, long sample) {
        return new Event(kind, lead, label, sample, null, null, null, null);
    }

    /** Returns an anomalous span from {@code onset} to {@code offset}, both inclusive. */
    public static Event anomaly(String lead, long onset, long offset, double score) {
        return new Event(ANOMALY, lead, "anomalous", null, onset, null, offset, score);
    }

    /** Returns the first sample the event covers, which decides whether warm-up hides it. */
    public long start() {
        return sample != null ? sample : onset;
    }
}
