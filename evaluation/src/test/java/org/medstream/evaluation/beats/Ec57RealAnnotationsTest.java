package org.medstream.evaluation.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EC57 scoring of the bundled reference annotations against altered copies of themselves. */
class Ec57RealAnnotationsTest {
    private static final double FS = 360.0;

    @Test
    void referenceAgainstItselfIsPerfect() throws IOException {
        List<BeatAnnotation> reference = read("208");

        RecordScore score = score(reference, reference);

        assertThat(score.fn()).isZero();
        assertThat(score.fp()).isZero();
        assertThat(score.tp()).isEqualTo(countScoredBeats(reference));
        assertThat(score.classified()).isTrue();
        assertThat(score.vebSensitivity()).isCloseTo(100.0, within(1e-9));
        assertThat(score.vebPositivePredictivity()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void shiftWithinWindowKeepsEveryMatch() throws IOException {
        List<BeatAnnotation> reference = read("100");

        RecordScore score = score(reference, shift(reference, 54));

        assertThat(score.fn()).isZero();
        assertThat(score.fp()).isLessThanOrEqualTo(1);
    }

    @Test
    void shiftBeyondWindowLosesEveryMatch() throws IOException {
        List<BeatAnnotation> reference = read("100");

        RecordScore score = score(reference, shift(reference, 55));

        assertThat(score.tp()).isZero();
    }

    @Test
    void droppedBeatsAreCountedAsMissed() throws IOException {
        List<BeatAnnotation> reference = read("103");
        List<BeatAnnotation> test = new ArrayList<>();
        long dropped = 0;
        for (int i = 0; i < reference.size(); i++) {
            BeatAnnotation beat = reference.get(i);
            if (beat.isBeat() && i % 10 == 0) {
                dropped += beat.sample() >= 300 * FS ? 1 : 0;
            } else {
                test.add(beat);
            }
        }

        RecordScore score = score(reference, test);

        assertThat(score.fn()).isEqualTo(dropped);
        assertThat(score.fp()).isZero();
    }

    private static RecordScore score(List<BeatAnnotation> reference, List<BeatAnnotation> test) {
        RecordScoreInput input = new RecordScoreInput("r", FS, reference, test, 650_000);
        return new Ec57Evaluator().evaluate(List.of(input)).records().get(0);
    }

    private static List<BeatAnnotation> read(String record) throws IOException {
        String directory = System.getProperty("medstream.data.dir");
        assertThat(directory).as("system property medstream.data.dir").isNotNull();
        return WfdbBeatAnnotations.read(Path.of(directory, "mitdb", record + ".atr"));
    }

    private static long countScoredBeats(List<BeatAnnotation> annotations) {
        return annotations.stream().filter(a -> a.isBeat() && a.sample() >= 300 * FS).count();
    }

    private static List<BeatAnnotation> shift(List<BeatAnnotation> annotations, long samples) {
        List<BeatAnnotation> shifted = new ArrayList<>();
        for (BeatAnnotation annotation : annotations) {
            shifted.add(new BeatAnnotation(annotation.sample() + samples, annotation.label()));
        }
        return shifted;
    }
}
