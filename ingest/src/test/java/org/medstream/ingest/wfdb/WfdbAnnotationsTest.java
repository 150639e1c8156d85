package org.medstream.ingest.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WfdbAnnotationsTest {

    static Stream<Path> annotationFiles() throws IOException {
        try (Stream<Path> files = Files.walk(TestData.dir())) {
            List<Path> list =
                    files.filter(
                                    path ->
                                            path.toString().endsWith(".atr")
                                                    || path.toString().endsWith(".qrs"))
                            .sorted()
                            .toList();
            return list.stream();
        }
    }

    /** Counts annotation words (codes 0-58) by walking the file's words directly. */
    private static int countAnnotationWords(byte[] bytes) {
        int count = 0;
        int position = 0;
        while (position + 2 <= bytes.length) {
            int word = (bytes[position] & 0xff) | ((bytes[position + 1] & 0xff) << 8);
            position += 2;
            if (word == 0) {
                break;
            }
            int code = word >> 10;
            if (code == 59) {
                position += 4;
            } else if (code == 63) {
                int length = word & 0xff;
                position += length + (length % 2);
            } else if (code < 59) {
                count++;
            }
        }
        return count;
    }

    @Test
    void record100Counts() throws IOException {
        List<Annotation> annotations = WfdbAnnotations.read(TestData.mitdb("100.atr"));

        assertThat(annotations).hasSize(2274);
        assertThat(annotations.stream().filter(Annotation::isQrs).count()).isEqualTo(2273);
        assertThat(annotations.stream().filter(a -> a.code().equals(AnnotationCode.NORMAL)))
                .hasSize(2239);
        assertThat(annotations.stream().filter(a -> a.code().mnemonic().equals("A"))).hasSize(33);
        assertThat(annotations.stream().filter(a -> a.code().equals(AnnotationCode.PVC)))
                .hasSize(1);
    }

    @Test
    void record100FirstAnnotationIsRhythm() throws IOException {
        List<Annotation> annotations = WfdbAnnotations.read(TestData.mitdb("100.atr"));

        Annotation first = annotations.get(0);
        assertThat(first.code()).isEqualTo(AnnotationCode.RHYTHM);
        assertThat(first.code().mnemonic()).isEqualTo("+");
        assertThat(first.aux()).isEqualTo("(N\0");
        assertThat(first.auxText()).isEqualTo("(N");
        assertThat(first.sample()).isEqualTo(18);
        assertThat(annotations.get(1).sample()).isEqualTo(77);
    }

    @ParameterizedTest
    @MethodSource("annotationFiles")
    void countMatchesWordScan(Path file) throws IOException {
        List<Annotation> annotations = WfdbAnnotations.read(file);

        assertThat(annotations).hasSize(countAnnotationWords(Files.readAllBytes(file)));
    }

    @ParameterizedTest
    @MethodSource("annotationFiles")
    void roundTripIsByteExact(Path file, @TempDir Path temp) throws IOException {
        List<Annotation> annotations = WfdbAnnotations.read(file);
        Path copy = temp.resolve(file.getFileName());

        WfdbAnnotations.write(copy, annotations);

        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void annotationTimesIncrease() throws IOException {
        List<Annotation> annotations = WfdbAnnotations.read(TestData.mitdb("208.atr"));

        for (int i = 1; i < annotations.size(); i++) {
            assertThat(annotations.get(i).sample())
                    .isGreaterThanOrEqualTo(annotations.get(i - 1).sample());
        }
    }

    @Test
    void hugeIntervalUsesSkips() throws IOException {
        List<Annotation> annotations = WfdbAnnotations.read(TestData.formats("huge.qrs"));

        assertThat(annotations)
                .singleElement()
                .isEqualTo(Annotation.of(10_000_000_000L, AnnotationCode.NORMAL));
    }

    @Test
    void fieldsRoundTrip(@TempDir Path temp) throws IOException {
        List<Annotation> annotations =
                List.of(
                        new Annotation(5, AnnotationCode.NOTQRS, 0, 0, 0, ""),
                        new Annotation(5, AnnotationCode.RHYTHM, 0, 0, 0, "(AFIB"),
                        new Annotation(2000, AnnotationCode.PVC, 3, 1, 0, ""),
                        new Annotation(2001, AnnotationCode.NORMAL, 0, 1, 7, "ab"),
                        new Annotation(1500, AnnotationCode.NOISE, 0, 0, 7, ""),
                        new Annotation(3_000_000_000L, AnnotationCode.NOTE, 0, 0, 0, "x"));
        Path file = temp.resolve("test.atr");

        WfdbAnnotations.write(file, annotations);

        assertThat(WfdbAnnotations.read(file)).isEqualTo(annotations);
        assertThat(Files.size(file) % 2).as("whole words").isZero();
    }

    @Test
    void oddAuxLengthPadded() {
        byte[] bytes =
                WfdbAnnotations.encode(
                        List.of(new Annotation(1, AnnotationCode.NOTE, 0, 0, 0, "abc")));

        // Annotation word, AUX word, 3 text bytes, 1 pad byte, end marker.
        assertThat(bytes).hasSize(2 + 2 + 4 + 2);
        assertThat(bytes[7]).isZero();
    }

    @Test
    void beatCodes() {
        assertThat(AnnotationCode.NORMAL.isQrs()).isTrue();
        assertThat(AnnotationCode.PVC.isQrs()).isTrue();
        assertThat(AnnotationCode.BBB.isQrs()).isTrue();
        assertThat(AnnotationCode.LEARN.isQrs()).isTrue();
        assertThat(AnnotationCode.RONT.isQrs()).isTrue();
        assertThat(AnnotationCode.PFUS.isQrs()).isTrue();
        assertThat(AnnotationCode.RHYTHM.isQrs()).isFalse();
        assertThat(AnnotationCode.NOISE.isQrs()).isFalse();
        assertThat(AnnotationCode.ARFCT.isQrs()).isFalse();
        assertThat(AnnotationCode.NAPC.isQrs()).isFalse();
        assertThat(AnnotationCode.NOTQRS.isQrs()).isFalse();
    }

    @Test
    void mnemonics() {
        assertThat(AnnotationCode.fromMnemonic("V")).contains(AnnotationCode.PVC);
        assertThat(AnnotationCode.fromMnemonic("\"")).contains(AnnotationCode.NOTE);
        assertThat(AnnotationCode.fromMnemonic("(")).contains(AnnotationCode.WFON);
        assertThat(AnnotationCode.fromMnemonic("zz")).isEmpty();
        assertThat(AnnotationCode.of(15).mnemonic()).isEqualTo("[15]");
        assertThat(AnnotationCode.ABERR.mnemonic()).isEqualTo("a");
        assertThat(AnnotationCode.RONT.mnemonic()).isEqualTo("r");
    }

    @Test
    void truncatedFileRejected(@TempDir Path temp) throws IOException {
        Path file = temp.resolve("cut.atr");
        byte[] bytes = Files.readAllBytes(TestData.mitdb("100.atr"));
        Files.write(file, java.util.Arrays.copyOf(bytes, 5));

        assertThatThrownBy(() -> WfdbAnnotations.read(file))
                .isInstanceOf(WfdbException.class)
                .hasMessage(
                        "Annotation file cut.atr ends inside the annotation that starts at byte 2;"
                                + " the file is truncated");
    }
}
