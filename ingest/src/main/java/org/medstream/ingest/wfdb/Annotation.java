package org.medstream.ingest.wfdb;

import java.util.Objects;

/**
 * One annotation of an MIT-format annotation file.
 *
 * @param sample time as a frame number from the start of the record
 * @param code annotation type
 * @param subtype annotation subtype ({@code subtyp}), stored in 10 bits
 * @param channel signal number the annotation refers to ({@code chan}), stored in 10 bits
 * @param number annotator-defined number ({@code num}), stored in 10 bits
 * @param aux auxiliary bytes as stored, one character per byte (ISO-8859-1), including any trailing
 *     NUL that the writer counted in the length (MIT-BIH rhythm labels are stored as {@code
 *     "(N\0"}); empty when absent. {@link #auxText()} gives the text up to the first NUL.
 */
public record Annotation(
        long sample, AnnotationCode code, int subtype, int channel, int number, String aux) {
    public Annotation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(aux, "aux");
    }

    /** An annotation with subtype, channel and number 0 and no auxiliary text. */
    public static Annotation of(long sample, AnnotationCode code) {
        return new Annotation(sample, code, 0, 0, 0, "");
    }

    /** Auxiliary text up to the first NUL, as C programs such as {@code rdann} print it. */
    public String auxText() {
        int nul = aux.indexOf('\0');
        return nul < 0 ? aux : aux.substring(0, nul);
    }

    /** True when the annotation marks a beat; see {@link AnnotationCode#isQrs()}. */
    public boolean isQrs() {
        return code.isQrs();
    }
}
