package org.medstream.evaluation.beats;

/**
 * The five beat classes of ANSI/AAMI EC57: normal or bundle branch block ({@code N}),
 * supraventricular ectopic ({@code S}), ventricular ectopic ({@code V}), fusion of ventricular and
 * normal ({@code F}) and paced or unclassifiable ({@code Q}).
 */
public enum AamiClass {
    N,
    S,
    V,
    F,
    Q;

    /**
     * Maps an MIT-BIH beat label to its AAMI class, or returns null when the label is not a beat
     * (rhythm, noise, comment, VF and wave annotations). The beat labels are those WFDB's {@code
     * isqrs} accepts: {@code N L R B e j n} map to N, {@code A a J S} to S, {@code V r E} to V,
     * {@code F} to F and {@code / f Q ?} to Q.
     */
    public static AamiClass ofLabel(char label) {
        switch (label) {
            case 'N':
            case 'L':
            case 'R':
            case 'B':
            case 'e':
            case 'j':
            case 'n':
                return N;
            case 'A':
            case 'a':
            case 'J':
            case 'S':
                return S;
            case 'V':
            case 'r':
            case 'E':
                return V;
            case 'F':
                return F;
            case '/':
            case 'f':
            case 'Q':
            case '?':
                return Q;
            default:
                return null;
        }
    }
}
