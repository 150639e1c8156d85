package org.medstream.ingest.wfdb;

import static org.assertj.core.api.Assertions.assertThat;

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
}
