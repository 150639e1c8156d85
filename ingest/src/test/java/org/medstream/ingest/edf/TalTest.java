package org.medstream.ingest.edf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

/** TAL syntax and the mapping of annotation texts to WFDB codes. */
class TalTest {
    private static List<Tal> parse(String text) {
        byte[] bytes =
                text.replace('|', '\u0014')
                        .replace('^', '\u0015')
                        .replace(';', '\0')
                        .getBytes(StandardCharsets.UTF_8);
        return Tal.parseAll(bytes, 0, bytes.length);
    }

    @Test
    void timeKeepingAndEvents() {
        List<Tal> tals = parse("+180||;+180^30|Sleep stage W|Lights off|;-0.065|Pulse|;\0\0");

        assertThat(tals)
                .containsExactly(
                        new Tal(new BigDecimal("180"), Optional.empty(), List.of("")),
                        new Tal(
                                new BigDecimal("180"),
                                Optional.of(new BigDecimal("30")),
                                List.of("Sleep stage W", "Lights off")),
                        new Tal(new BigDecimal("-0.065"), Optional.empty(), List.of("Pulse")));
    }

    @Test
    void encodeInvertsParse() {
        Tal tal =
                new Tal(new BigDecimal("12.5"), Optional.of(new BigDecimal("0.25")), List.of("ä"));

        byte[] bytes = tal.encode();

        assertThat(Tal.parseAll(bytes, 0, bytes.length)).containsExactly(tal);
    }

    @Test
    void malformedDuration() {
        assertThatThrownBy(() -> parse("+1^-2|x|;"))
                .hasMessage(
                        "TAL '+1\\x15-2\\x14x\\x14' has duration '-2', expected seconds such as 30 or 0.5");
    }

    @Test
    void textsToCodes() {
        assertThat(AnnotationTexts.toAnnotation(7, "V"))
                .isEqualTo(Annotation.of(7, AnnotationCode.PVC));
        assertThat(AnnotationTexts.toAnnotation(7, "+ (AFIB"))
                .isEqualTo(new Annotation(7, AnnotationCode.RHYTHM, 0, 0, 0, "(AFIB"));
        assertThat(AnnotationTexts.toAnnotation(7, "A fib"))
                .isEqualTo(new Annotation(7, AnnotationCode.NOTE, 0, 0, 0, "A fib"));
        assertThat(AnnotationTexts.toAnnotation(7, "µV").auxText()).isEqualTo("\u00c2\u00b5V");
    }

    @Test
    void codesToTexts() {
        assertThat(AnnotationTexts.toText(Annotation.of(1, AnnotationCode.NORMAL))).isEqualTo("N");
        assertThat(
                        AnnotationTexts.toText(
                                new Annotation(1, AnnotationCode.RHYTHM, 0, 0, 0, "(N\0")))
                .isEqualTo("+ (N");
        assertThat(
                        AnnotationTexts.toText(
                                new Annotation(1, AnnotationCode.NOTE, 0, 0, 0, "\u00c2\u00b5V")))
                .isEqualTo("µV");
    }
}
