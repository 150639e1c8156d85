package org.medstream.evaluation.breaths;

import java.util.ArrayList;
import java.util.List;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.Annotation;

/**
 * Breath onsets stored with a recording, such as the marks of BIDMC's {@code _Breaths.csv}, which
 * the CSV reader keeps as annotations with the annotator's name ({@code ann1}, {@code ann2}) as
 * auxiliary text.
 */
public final class BreathMarks {
    private BreathMarks() {}

    /** Returns the sample indices of the marks of {@code annotator}, in order; empty for none. */
    public static List<Long> of(Recording recording, String annotator) {
        List<Long> marks = new ArrayList<>();
        for (Annotation annotation : recording.annotations()) {
            if (annotation.auxText().equals(annotator)) {
                marks.add(annotation.sample());
            }
        }
        marks.sort(null);
        return marks;
    }
}
