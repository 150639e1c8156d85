package org.medstream.evaluation.anomalies;

import java.util.ArrayList;
import java.util.List;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

/**
 * Anomalous spans as WFDB annotations: {@code (} at the first sample of a span and {@code )} at its
 * last sample, with no subtype, number or aux text, as {@code annotate --task anomalies} writes
 * them to {@code <record>.anomaly}.
 */
public final class AnomalySpans {
    private AnomalySpans() {}

    /**
     * Returns the annotations of spans given as [start, end) sample pairs, in the order given.
     *
     * @throws IllegalArgumentException when a span is empty or starts before sample 0
     */
    public static List<Annotation> toAnnotations(List<long[]> spans) {
        List<Annotation> annotations = new ArrayList<>(2 * spans.size());
        for (long[] span : spans) {
            if (span[0] < 0 || span[1] <= span[0]) {
                throw new IllegalArgumentException(
                        "Invalid anomaly span ["
                                + span[0]
                                + ", "
                                + span[1]
                                + "); expected 0 <= start < end");
            }
            annotations.add(Annotation.of(span[0], AnnotationCode.WFON));
            annotations.add(Annotation.of(span[1] - 1, AnnotationCode.WFOFF));
        }
        return annotations;
    }

    /**
     * Marks the samples of a record of {@code length} samples that lie inside a {@code (} … {@code
     * )} pair. Other annotations are skipped.
     *
     * @param file name of the annotation file, for error messages
     * @throws IllegalArgumentException when an onset is not closed before the next onset or the
     *     end, or when an offset has no onset. The message names the file and the sample.
     */
    public static boolean[] predicted(List<Annotation> annotations, int length, String file) {
        boolean[] predicted = new boolean[length];
        long start = -1;
        for (Annotation annotation : annotations) {
            if (annotation.code().equals(AnnotationCode.WFON)) {
                if (start >= 0) {
                    throw unpaired(file, "onset '(' at sample " + start + " has no offset ')'");
                }
                start = annotation.sample();
            } else if (annotation.code().equals(AnnotationCode.WFOFF)) {
                if (start < 0 || annotation.sample() < start) {
                    throw unpaired(
                            file,
                            "offset ')' at sample " + annotation.sample() + " has no onset '('");
                }
                long from = Math.max(0, start);
                long to = Math.min(length - 1L, annotation.sample());
                for (long t = from; t <= to; t++) {
                    predicted[(int) t] = true;
                }
                start = -1;
            }
        }
        if (start >= 0) {
            throw unpaired(file, "onset '(' at sample " + start + " has no offset ')'");
        }
        return predicted;
    }

    private static IllegalArgumentException unpaired(String file, String problem) {
        return new IllegalArgumentException(
                "Invalid anomaly annotations in "
                        + file
                        + ": "
                        + problem
                        + "; each span needs '(' at its start and ')' at its end");
    }
}
