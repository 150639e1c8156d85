package org.medstream.evaluation.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ec57EvaluatorTest {
    /** 100 Hz makes the ±150 ms window exactly 15 samples. */
    private static final double FS = 100.0;

    private static final Ec57Options WHOLE_RECORD = Ec57Options.DEFAULT.withFrom(0.0);

    @Test
    void beatsExactlyAtWindowEdgeMatch() {
        RecordScore score = score(WHOLE_RECORD, beats('N', 1000, 2000), beats('Q', 1015, 1985));

        assertThat(score.tp()).isEqualTo(2);
        assertThat(score.fn()).isZero();
        assertThat(score.fp()).isZero();
    }

    @Test
    void matchedBeatsGiveMeanAbsoluteError() {
        RecordScore score = score(WHOLE_RECORD, beats('N', 1000, 2000), beats('Q', 1002, 1996));

        // 2 and 4 samples at 100 Hz: 20 and 40 ms.
        assertThat(score.meanAbsoluteErrorMillis()).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void noMatchNoMeanError() {
        assertThat(
                        score(WHOLE_RECORD, beats('N', 3000), beats('Q', 3016))
                                .meanAbsoluteErrorMillis())
                .isNaN();
    }

    @Test
    void beatOutsideWindowIsMissed() {
        RecordScore score = score(WHOLE_RECORD, beats('N', 3000), beats('Q', 3016));

        assertThat(score.tp()).isZero();
        assertThat(score.fn()).isEqualTo(1);
        assertThat(score.fp()).isEqualTo(1);
    }

    @Test
    void twoTestBeatsOneMatch() {
        RecordScore score = score(WHOLE_RECORD, beats('N', 1000), beats('Q', 995, 1008));

        assertThat(score.tp()).isEqualTo(1);
        assertThat(score.fp()).isEqualTo(1);
        assertThat(score.fn()).isZero();
    }

    @Test
    void testBeatBetweenTwoReferencesMatchesTheCloserOne() {
        // 1010 is within the window of both 1000 and 1020; 1020 is closer, so 1000 is missed.
        RecordScore score = score(WHOLE_RECORD, beats('N', 1000, 1020), beats('Q', 1018));

        assertThat(score.tp()).isEqualTo(1);
        assertThat(score.fn()).isEqualTo(1);
        assertThat(score.fp()).isZero();
    }

    @Test
    void learningPeriodIsNotScored() {
        Ec57Options options = Ec57Options.DEFAULT.withFrom(10.0);
        RecordScore score =
                score(options, beats('N', 990, 1000, 1100), beats('Q', 990, 999, 1000, 1001));

        // Counted: reference 1000 (matched by 1000), reference 1100 (missed), test 1001 (extra);
        // test 999 lies before 1000 samples and is not counted.
        assertThat(score.tp()).isEqualTo(1);
        assertThat(score.fn()).isEqualTo(1);
        assertThat(score.fp()).isEqualTo(1);
    }

    @Test
    void defaultLearningPeriodIsFiveMinutes() {
        long start = Math.round(300 * FS);
        RecordScore score =
                score(Ec57Options.DEFAULT, beats('N', start - 1, start), beats('Q', 10));

        assertThat(score.tp()).isZero();
        assertThat(score.fn()).isEqualTo(1);
        assertThat(score.fp()).isZero();
    }

    @Test
    void endTimeStopsScoring() {
        Ec57Options options = WHOLE_RECORD.withTo(20.0);
        RecordScore score = score(options, beats('N', 1000, 2000, 2500), beats('Q', 1000, 2600));

        assertThat(score.tp()).isEqualTo(1);
        assertThat(score.fn()).isZero();
        assertThat(score.fp()).isZero();
    }

    @Test
    void nonBeatAnnotationsAreIgnored() {
        List<BeatAnnotation> reference = beats('N', 1000);
        reference.add(new BeatAnnotation(500, '+'));
        reference.add(new BeatAnnotation(700, '~'));
        reference.add(new BeatAnnotation(800, '"'));
        RecordScore score = score(WHOLE_RECORD, reference, beats('Q', 1000));

        assertThat(score.tp()).isEqualTo(1);
        assertThat(score.fn()).isZero();
        assertThat(score.fp()).isZero();
    }

    @Test
    void ventricularFibrillationEpisodeIsExcluded() {
        List<BeatAnnotation> reference = beats('N', 100, 200, 500);
        reference.add(new BeatAnnotation(150, BeatAnnotation.VF_ONSET));
        reference.add(new BeatAnnotation(300, BeatAnnotation.VF_OFFSET));
        RecordScore score = score(WHOLE_RECORD, reference, beats('Q', 100, 180, 250, 500));

        assertThat(score.tp()).isEqualTo(2);
        assertThat(score.fn()).isZero();
        assertThat(score.fp()).isZero();
    }

    @Test
    void classesFillConfusionMatrix() {
        List<BeatAnnotation> reference = new ArrayList<>();
        reference.add(new BeatAnnotation(1000, 'N'));
        reference.add(new BeatAnnotation(2000, 'V'));
        reference.add(new BeatAnnotation(3000, 'A'));
        reference.add(new BeatAnnotation(4000, 'L'));
        List<BeatAnnotation> test = new ArrayList<>();
        test.add(new BeatAnnotation(1000, 'N'));
        test.add(new BeatAnnotation(2000, 'V'));
        test.add(new BeatAnnotation(3000, 'N'));
        test.add(new BeatAnnotation(4000, 'V'));
        RecordScore score = score(WHOLE_RECORD, reference, test);

        assertThat(score.classified()).isTrue();
        assertThat(score.count(AamiClass.V.ordinal(), AamiClass.V.ordinal())).isEqualTo(1);
        assertThat(score.vebSensitivity()).isCloseTo(100.0, within(1e-9));
        assertThat(score.vebPositivePredictivity()).isCloseTo(50.0, within(1e-9));
        assertThat(score.svebSensitivity()).isCloseTo(0.0, within(1e-9));
        assertThat(score.svebPositivePredictivity()).isNaN();
    }

    @Test
    void unclassifiedTestHasNoVebStatistics() {
        RecordScore score = score(WHOLE_RECORD, beats('V', 1000), beats('Q', 1000));

        assertThat(score.classified()).isFalse();
        assertThat(score.vebSensitivity()).isNaN();
    }

    @Test
    void grossSumsCountsAndAverageMeansRecords() {
        RecordScoreInput first =
                new RecordScoreInput("a", FS, beats('N', 100, 200), beats('Q', 100, 200), -1);
        RecordScoreInput second =
                new RecordScoreInput("b", FS, beats('N', 100, 200, 300, 400), beats('Q', 100), -1);
        Ec57Result result = new Ec57Evaluator(WHOLE_RECORD).evaluate(List.of(first, second));

        assertThat(result.gross().tp()).isEqualTo(3);
        assertThat(result.gross().fn()).isEqualTo(3);
        assertThat(result.gross().sensitivity()).isCloseTo(50.0, within(1e-9));
        assertThat(result.averageSensitivity()).isCloseTo(62.5, within(1e-9));
        assertThat(result.averagePositivePredictivity()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void tableAndJsonListRecordsAndGross() {
        RecordScoreInput input =
                new RecordScoreInput("100", FS, beats('N', 100, 200), beats('Q', 100), -1);
        Ec57Result result = new Ec57Evaluator(WHOLE_RECORD).evaluate(List.of(input));

        assertThat(result.toTable()).contains("100").contains("gross").contains("50.00");
        assertThat(result.toTable())
                .contains("Mean |time error| of matched beats: 0.0 ms (0.00 samples at 125 Hz,");
        String json = result.toJson();
        assertThat(json).contains("\"record\" : \"100\"");
        assertThat(json).contains("\"gross\"");
        assertThat(json).contains("\"vebSensitivity\" : null");
        assertThat(json).contains("\"toSeconds\" : null");
        assertThat(json).contains("\"meanAbsoluteErrorMillis\" : 0.0");
    }

    private static RecordScore score(
            Ec57Options options, List<BeatAnnotation> reference, List<BeatAnnotation> test) {
        RecordScoreInput input = new RecordScoreInput("r", FS, reference, test, -1);
        return new Ec57Evaluator(options).evaluate(List.of(input)).records().get(0);
    }

    private static List<BeatAnnotation> beats(char label, long... samples) {
        List<BeatAnnotation> beats = new ArrayList<>();
        for (long sample : samples) {
            beats.add(new BeatAnnotation(sample, label));
        }
        return beats;
    }
}
