package org.medstream.evaluation.beats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.WfdbAnnotations;

/** Converts WFDB annotations into the {@link BeatAnnotation} lists that EC57 scoring reads. */
public final class WfdbBeatAnnotations {
    private WfdbBeatAnnotations() {}

    /** Reads an MIT-format annotation file and keeps beats and VF episode markers. */
    public static List<BeatAnnotation> read(Path file) throws IOException {
        return convert(WfdbAnnotations.read(file));
    }

    /**
     * Keeps the annotations that scoring uses (beats, {@code [} and {@code ]}), labelled with their
     * one-character mnemonic.
     */
    public static List<BeatAnnotation> convert(List<Annotation> annotations) {
        List<BeatAnnotation> converted = new ArrayList<>();
        for (Annotation annotation : annotations) {
            String mnemonic = annotation.code().mnemonic();
            // Codes without a mnemonic print as "[42]"; they must not be read as VF onsets.
            if (mnemonic.length() != 1) {
                continue;
            }
            char label = mnemonic.charAt(0);
            if (annotation.isQrs()
                    || label == BeatAnnotation.VF_ONSET
                    || label == BeatAnnotation.VF_OFFSET) {
                converted.add(new BeatAnnotation(annotation.sample(), label));
            }
        }
        return converted;
    }
}
