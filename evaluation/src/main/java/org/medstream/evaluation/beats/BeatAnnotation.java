package org.medstream.evaluation.beats;

/**
 * One annotation of a record, as EC57 scoring reads it.
 *
 * @param sample sample index of the annotation (the fiducial point for beats)
 * @param label MIT-BIH annotation mnemonic, for example {@code N}, {@code V}, {@code [} or {@code
 *     ~}; beat labels are listed in {@link AamiClass#ofLabel}
 */
public record BeatAnnotation(long sample, char label) {
    /** Marks the start of ventricular flutter or fibrillation in a reference annotation list. */
    public static final char VF_ONSET = '[';

    /** Marks the end of ventricular flutter or fibrillation in a reference annotation list. */
    public static final char VF_OFFSET = ']';

    public boolean isBeat() {
        return AamiClass.ofLabel(label) != null;
    }
}
