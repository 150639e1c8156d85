package org.medstream.ingest.wfdb;

import java.util.Optional;

/**
 * Annotation type code of an MIT-format annotation, numbered as in the WFDB library's {@code
 * ecgcodes.h} (0 to 49). Codes without a standard meaning are kept as they are and print as {@code
 * [N]}, like the library's {@code ecgstr}.
 *
 * @param value code number, 0 to {@link #MAX_CODE}
 */
public record AnnotationCode(int value) {
    /** Largest annotation code (WFDB's {@code ACMAX}). */
    public static final int MAX_CODE = 49;

    public static final AnnotationCode NOTQRS = new AnnotationCode(0);
    public static final AnnotationCode NORMAL = new AnnotationCode(1);
    public static final AnnotationCode LBBB = new AnnotationCode(2);
    public static final AnnotationCode RBBB = new AnnotationCode(3);
    public static final AnnotationCode ABERR = new AnnotationCode(4);
    public static final AnnotationCode PVC = new AnnotationCode(5);
    public static final AnnotationCode FUSION = new AnnotationCode(6);
    public static final AnnotationCode NPC = new AnnotationCode(7);
    public static final AnnotationCode APC = new AnnotationCode(8);
    public static final AnnotationCode SVPB = new AnnotationCode(9);
    public static final AnnotationCode VESC = new AnnotationCode(10);
    public static final AnnotationCode NESC = new AnnotationCode(11);
    public static final AnnotationCode PACE = new AnnotationCode(12);
    public static final AnnotationCode UNKNOWN = new AnnotationCode(13);
    public static final AnnotationCode NOISE = new AnnotationCode(14);
    public static final AnnotationCode ARFCT = new AnnotationCode(16);
    public static final AnnotationCode STCH = new AnnotationCode(18);
    public static final AnnotationCode TCH = new AnnotationCode(19);
    public static final AnnotationCode SYSTOLE = new AnnotationCode(20);
    public static final AnnotationCode DIASTOLE = new AnnotationCode(21);
    public static final AnnotationCode NOTE = new AnnotationCode(22);
    public static final AnnotationCode MEASURE = new AnnotationCode(23);
    public static final AnnotationCode PWAVE = new AnnotationCode(24);
    public static final AnnotationCode BBB = new AnnotationCode(25);
    public static final AnnotationCode PACESP = new AnnotationCode(26);
    public static final AnnotationCode TWAVE = new AnnotationCode(27);
    public static final AnnotationCode RHYTHM = new AnnotationCode(28);
    public static final AnnotationCode UWAVE = new AnnotationCode(29);
    public static final AnnotationCode LEARN = new AnnotationCode(30);
    public static final AnnotationCode FLWAV = new AnnotationCode(31);
    public static final AnnotationCode VFON = new AnnotationCode(32);
    public static final AnnotationCode VFOFF = new AnnotationCode(33);
    public static final AnnotationCode AESC = new AnnotationCode(34);
    public static final AnnotationCode SVESC = new AnnotationCode(35);
    public static final AnnotationCode LINK = new AnnotationCode(36);
    public static final AnnotationCode NAPC = new AnnotationCode(37);
    public static final AnnotationCode PFUS = new AnnotationCode(38);
    public static final AnnotationCode WFON = new AnnotationCode(39);
    public static final AnnotationCode WFOFF = new AnnotationCode(40);
    public static final AnnotationCode RONT = new AnnotationCode(41);

    private static final String[] MNEMONICS = {
        " ", "N", "L", "R", "a", "V", "F", "J", "A", "S", // 0-9
        "E", "j", "/", "Q", "~", "[15]", "|", "[17]", "s", "T", // 10-19
        "*", "D", "\"", "=", "p", "B", "^", "t", "+", "u", // 20-29
        "?", "!", "[", "]", "e", "n", "@", "x", "f", "(", // 30-39
        ")", "r", "[42]", "[43]", "[44]", "[45]", "[46]", "[47]", "[48]", "[49]" // 40-49
    };

    /** Codes that denote a QRS complex, as WFDB's {@code isqrs} table in {@code ecgmap.h}. */
    private static final boolean[] QRS = new boolean[MAX_CODE + 1];

    static {
        int[] beats = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38, 41};
        for (int code : beats) {
            QRS[code] = true;
        }
    }

    public AnnotationCode {
        if (value < 0 || value > MAX_CODE) {
            throw new IllegalArgumentException(
                    "Annotation code must be between 0 and " + MAX_CODE + ", got " + value);
        }
    }

    /** Returns the code with the given number. */
    public static AnnotationCode of(int value) {
        return new AnnotationCode(value);
    }

    /** Looks up a code by its mnemonic, for example {@code V}; empty when none matches. */
    public static Optional<AnnotationCode> fromMnemonic(String mnemonic) {
        for (int code = 0; code <= MAX_CODE; code++) {
            if (MNEMONICS[code].equals(mnemonic)) {
                return Optional.of(new AnnotationCode(code));
            }
        }
        return Optional.empty();
    }

    /** Mnemonic as WFDB's {@code ecgstr} prints it, for example {@code N} or {@code [15]}. */
    public String mnemonic() {
        return MNEMONICS[value];
    }

    /** True when the code denotes a beat (QRS complex), as WFDB's {@code isqrs}. */
    public boolean isQrs() {
        return QRS[value];
    }

    @Override
    public String toString() {
        return mnemonic();
    }
}
