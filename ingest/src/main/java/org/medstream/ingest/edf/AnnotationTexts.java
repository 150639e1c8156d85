package org.medstream.ingest.edf;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

/**
 * Maps EDF+ annotation texts to WFDB annotations and back.
 *
 * <ul>
 *   <li>A text that is exactly a WFDB mnemonic ({@code N}, {@code V}, {@code +}, {@code ~}, ...)
 *       becomes that code without auxiliary text. NOTE: single-letter texts of other conventions
 *       are read as beats too, for example a sleep stage written as {@code R} becomes an RBBB beat.
 *   <li>A text made of a mnemonic without letters or digits, a blank and more text ({@code +
 *       (AFIB}) becomes that code with the rest as auxiliary text, the way the writer stores rhythm
 *       changes.
 *   <li>Any other text becomes a {@code NOTE} ({@code "}) annotation with the text as auxiliary
 *       text, for example {@code Sleep stage W}.
 * </ul>
 *
 * <p>Durations, subtypes, channel numbers and annotator numbers have no place in the other format
 * and are dropped. Auxiliary text contains the UTF-8 bytes of the EDF text, one character per byte,
 * as {@link Annotation#aux()} expects.
 */
final class AnnotationTexts {
    private AnnotationTexts() {}

    /** Returns the WFDB annotation for an EDF+ text at {@code sample}. */
    static Annotation toAnnotation(long sample, String text) {
        Optional<AnnotationCode> exact = AnnotationCode.fromMnemonic(text);
        if (exact.isPresent()) {
            return Annotation.of(sample, exact.get());
        }

        int blank = text.indexOf(' ');
        if (blank > 0 && blank < text.length() - 1) {
            String mnemonic = text.substring(0, blank);
            Optional<AnnotationCode> code = AnnotationCode.fromMnemonic(mnemonic);
            if (code.isPresent() && isSymbol(mnemonic)) {
                return new Annotation(
                        sample, code.get(), 0, 0, 0, bytes(text.substring(blank + 1)));
            }
        }
        return new Annotation(sample, AnnotationCode.NOTE, 0, 0, 0, bytes(text));
    }

    /** Returns the EDF+ text for a WFDB annotation; the inverse of {@link #toAnnotation}. */
    static String toText(Annotation annotation) {
        String aux =
                new String(
                        annotation.auxText().getBytes(StandardCharsets.ISO_8859_1),
                        StandardCharsets.UTF_8);
        if (aux.isEmpty()) {
            return annotation.code().mnemonic();
        }
        if (annotation.code().equals(AnnotationCode.NOTE)) {
            return aux;
        }
        return annotation.code().mnemonic() + " " + aux;
    }

    private static boolean isSymbol(String mnemonic) {
        return mnemonic.chars().noneMatch(Character::isLetterOrDigit);
    }

    /** UTF-8 bytes of {@code text}, one character per byte. */
    private static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
