package org.medstream.model.ludb;

import java.util.List;
import org.medstream.evaluation.waves.Wave;
import org.medstream.evaluation.waves.WfdbWaves;
import org.medstream.ingest.wfdb.Annotation;

/**
 * Per-sample wave labels of one lead, built from LUDB's {@code (} onset, {@code p}/{@code N}/{@code
 * t} peak, {@code )} offset triples.
 *
 * <p>LUDB annotates only part of each record (about samples 640 to 4000), so samples outside the
 * annotated span are unknown rather than "no wave": {@link #isAnnotated(int)} marks the samples
 * that training and scoring use. The span runs from the first to the last annotation of the lead.
 *
 * @param labels one {@link WaveClass} ordinal per sample; onset and offset samples belong to the
 *     wave
 * @param spanStart first annotated sample
 * @param spanEnd last annotated sample (inclusive); below {@code spanStart} when the lead has no
 *     annotations
 */
public record WaveLabels(int[] labels, int spanStart, int spanEnd) {

    /**
     * Builds the labels of a lead with {@code length} samples from the waves that {@link WfdbWaves}
     * reads: an incomplete triple (an offset without an onset, as a few exist in LUDB, or an onset
     * without a known peak) is no wave, so its samples stay {@link WaveClass#NONE}.
     *
     * @param annotations the lead's annotations, sorted by sample
     */
    public static WaveLabels fromAnnotations(List<Annotation> annotations, int length) {
        int[] labels = new int[length];
        for (Wave wave : WfdbWaves.of(annotations)) {
            int label = WaveClass.of(wave.kind()).ordinal();
            long end = Math.min(wave.offset(), length - 1L);
            for (long t = Math.max(wave.onset(), 0); t <= end; t++) {
                labels[(int) t] = label;
            }
        }

        int spanStart = Integer.MAX_VALUE;
        int spanEnd = -1;
        for (Annotation annotation : annotations) {
            long sample = annotation.sample();
            if (sample >= 0 && sample < length) {
                spanStart = (int) Math.min(spanStart, sample);
                spanEnd = (int) Math.max(spanEnd, sample);
            }
        }
        if (spanEnd < 0) {
            spanStart = 0;
        }
        return new WaveLabels(labels, spanStart, spanEnd);
    }

    /** Number of samples. */
    public int length() {
        return labels.length;
    }

    /** True when sample t lies inside the annotated span. */
    public boolean isAnnotated(int t) {
        return t >= spanStart && t <= spanEnd;
    }
}
