package org.medstream.model.ludb;

import java.util.List;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

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
     * Builds the labels of a lead with {@code length} samples. A triple is used when its onset,
     * peak and offset follow each other; an offset without an onset (a few exist in LUDB) and an
     * onset without a known peak are skipped, so their samples stay {@link WaveClass#NONE}.
     *
     * @param annotations the lead's annotations, sorted by sample
     */
    public static WaveLabels fromAnnotations(List<Annotation> annotations, int length) {
        int[] labels = new int[length];
        int spanStart = Integer.MAX_VALUE;
        int spanEnd = -1;
        long onset = -1;
        WaveClass wave = null;

        for (Annotation annotation : annotations) {
            long sample = annotation.sample();
            if (sample < 0 || sample >= length) {
                continue;
            }
            spanStart = (int) Math.min(spanStart, sample);
            spanEnd = (int) Math.max(spanEnd, sample);

            AnnotationCode code = annotation.code();
            if (code.equals(AnnotationCode.WFON)) {
                onset = sample;
                wave = null;
            } else if (code.equals(AnnotationCode.WFOFF)) {
                if (onset >= 0 && wave != null) {
                    for (long t = onset; t <= sample; t++) {
                        labels[(int) t] = wave.ordinal();
                    }
                }
                onset = -1;
                wave = null;
            } else if (onset >= 0) {
                wave = waveOf(code);
            }
        }

        if (spanEnd < 0) {
            spanStart = 0;
        }
        return new WaveLabels(labels, spanStart, spanEnd);
    }

    /** Returns the class of a peak code, or null for a code that names no wave. */
    private static WaveClass waveOf(AnnotationCode code) {
        if (code.equals(AnnotationCode.PWAVE)) {
            return WaveClass.P;
        }
        if (code.equals(AnnotationCode.NORMAL)) {
            return WaveClass.QRS;
        }
        if (code.equals(AnnotationCode.TWAVE)) {
            return WaveClass.T;
        }
        return null;
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
