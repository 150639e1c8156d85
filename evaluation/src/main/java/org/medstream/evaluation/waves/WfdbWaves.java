package org.medstream.evaluation.waves;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

/**
 * Reads waves from WFDB annotations written the way LUDB writes them: for each wave an onset {@code
 * (}, a peak ({@code p}, {@code N} or {@code t}) and an offset {@code )}, in time order. Incomplete
 * triples (a peak without its onset or offset, as at the edges of LUDB's annotated span) are
 * skipped.
 */
public final class WfdbWaves {
    private WfdbWaves() {}

    public static List<Wave> of(List<Annotation> annotations) {
        List<Wave> waves = new ArrayList<>();
        for (int i = 0; i + 2 < annotations.size(); i++) {
            Annotation onset = annotations.get(i);
            Annotation peak = annotations.get(i + 1);
            Annotation offset = annotations.get(i + 2);
            Optional<WaveKind> kind = WaveKind.ofPeak(peak.code());
            if (onset.code().equals(AnnotationCode.WFON)
                    && kind.isPresent()
                    && offset.code().equals(AnnotationCode.WFOFF)
                    && onset.sample() <= peak.sample()
                    && peak.sample() <= offset.sample()) {
                waves.add(new Wave(kind.get(), onset.sample(), peak.sample(), offset.sample()));
                i += 2;
            }
        }
        return waves;
    }

    /** Returns the annotations of {@code waves} as onset, peak and offset triples. */
    public static List<Annotation> toAnnotations(List<Wave> waves) {
        List<Annotation> annotations = new ArrayList<>(3 * waves.size());
        for (Wave wave : waves) {
            annotations.add(Annotation.of(wave.onset(), AnnotationCode.WFON));
            annotations.add(Annotation.of(wave.peak(), wave.kind().peakCode()));
            annotations.add(Annotation.of(wave.offset(), AnnotationCode.WFOFF));
        }
        return annotations;
    }
}
