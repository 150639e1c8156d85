package org.medstream.evaluation.waves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.matching.FiducialScore;
import org.medstream.ingest.wfdb.WfdbAnnotations;

class DelineationEvaluatorTest {
    private static final double FS = 500;
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    private static List<Wave> ludbRecord1LeadII() throws Exception {
        return WfdbWaves.of(WfdbAnnotations.read(DATA.resolve("ludb/1.ii")));
    }

    private static List<Wave> shifted(List<Wave> waves, long samples) {
        List<Wave> result = new ArrayList<>();
        for (Wave wave : waves) {
            result.add(
                    new Wave(
                            wave.kind(),
                            wave.onset() + samples,
                            wave.peak() + samples,
                            wave.offset() + samples));
        }
        return result;
    }

    private static DelineationResult score(List<Wave> reference, List<Wave> test) {
        return new DelineationEvaluator()
                .evaluate(List.of(new LeadScoreInput("1", "ii", FS, reference, test)));
    }

    @Test
    void ludbLeadHasCompleteWaves() throws Exception {
        List<Wave> waves = ludbRecord1LeadII();

        assertThat(waves).extracting(Wave::kind).contains(WaveKind.P, WaveKind.QRS, WaveKind.T);
        assertThat(waves).hasSize(16);
    }

    @Test
    void referenceAgainstItselfScoresPerfectly() throws Exception {
        List<Wave> waves = ludbRecord1LeadII();

        DelineationResult result = score(waves, waves);

        for (Fiducial fiducial : Fiducial.values()) {
            FiducialScore point = result.fiducials().get(fiducial);
            assertThat(point.f1()).as("%s", fiducial).isEqualTo(100.0);
            assertThat(point.meanErrorMillis()).as("%s", fiducial).isZero();
        }
        assertThat(result.samples().macroF1(0)).isEqualTo(100.0);
    }

    @Test
    void shiftWithinToleranceMatchesWithItsError() throws Exception {
        List<Wave> waves = ludbRecord1LeadII();

        DelineationResult result = score(waves, shifted(waves, 10));

        FiducialScore qrsOnset = result.fiducials().get(Fiducial.QRS_ONSET);
        assertThat(qrsOnset.f1()).isEqualTo(100.0);
        assertThat(qrsOnset.meanErrorMillis()).isCloseTo(20.0, within(1e-9));
        assertThat(qrsOnset.errorSdMillis()).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void shiftBeyondToleranceMatchesNothing() throws Exception {
        List<Wave> waves = ludbRecord1LeadII();

        DelineationResult result = score(waves, shifted(waves, 76));

        assertThat(result.fiducials().get(Fiducial.P_ONSET).tp()).isZero();
    }

    @Test
    void eachReferencePointMatchesOneTestPoint() {
        List<Wave> reference = List.of(new Wave(WaveKind.QRS, 1000, 1020, 1050));
        List<Wave> test =
                List.of(
                        new Wave(WaveKind.QRS, 1002, 1020, 1049),
                        new Wave(WaveKind.QRS, 1010, 1020, 1060));

        FiducialScore onset = score(reference, test).fiducials().get(Fiducial.QRS_ONSET);

        assertThat(onset.tp()).isEqualTo(1);
        assertThat(onset.fp()).isEqualTo(1);
        assertThat(onset.meanErrorMillis()).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void testWavesOutsideTheAnnotatedSpanAreIgnored() {
        List<Wave> reference =
                List.of(
                        new Wave(WaveKind.T, 2000, 2050, 2100),
                        new Wave(WaveKind.QRS, 2500, 2520, 2540));
        List<Wave> test =
                List.of(
                        new Wave(WaveKind.T, 2000, 2050, 2100),
                        new Wave(WaveKind.T, 100, 150, 200),
                        new Wave(WaveKind.T, 1930, 1940, 1950),
                        new Wave(WaveKind.T, 2300, 2350, 2400));

        FiducialScore onset = score(reference, test).fiducials().get(Fiducial.T_ONSET);

        assertThat(onset.tp()).isEqualTo(1);
        assertThat(onset.fp()).as("only the unmatched wave inside the span").isEqualTo(1);
    }

    @Test
    void testPointJustOutsideTheSpanStillMatches() {
        List<Wave> reference = List.of(new Wave(WaveKind.QRS, 2000, 2020, 2040));
        List<Wave> test = List.of(new Wave(WaveKind.QRS, 1990, 2020, 2045));

        FiducialScore onset = score(reference, test).fiducials().get(Fiducial.QRS_ONSET);
        FiducialScore offset = score(reference, test).fiducials().get(Fiducial.QRS_OFFSET);

        assertThat(onset.tp()).isEqualTo(1);
        assertThat(offset.tp()).isEqualTo(1);
    }

    @Test
    void sampleWiseScoresCountLabelsInsideTheSpan() {
        List<Wave> reference =
                List.of(new Wave(WaveKind.P, 100, 120, 149), new Wave(WaveKind.QRS, 200, 220, 249));
        List<Wave> test =
                List.of(new Wave(WaveKind.P, 110, 120, 149), new Wave(WaveKind.QRS, 200, 220, 249));

        SampleConfusion samples = score(reference, test).samples();

        assertThat(samples.count(1, 1)).isEqualTo(40);
        assertThat(samples.count(1, SampleConfusion.NONE)).isEqualTo(10);
        assertThat(samples.f1(1)).isCloseTo(100.0 * 80 / 90, within(1e-9));
        assertThat(samples.iou(1)).isCloseTo(80.0, within(1e-9));
        assertThat(samples.f1(2)).isEqualTo(100.0);
        assertThat(samples.f1(3)).as("no T wave in either").isNaN();
        assertThat(samples.macroF1(1)).isCloseTo((100.0 * 80 / 90 + 100.0) / 2, within(1e-9));
    }

    @Test
    void recordsScoredApartAndSummed() {
        List<Wave> reference =
                List.of(new Wave(WaveKind.P, 100, 120, 149), new Wave(WaveKind.QRS, 200, 220, 249));
        List<Wave> extraT = new ArrayList<>(reference);
        extraT.add(new Wave(WaveKind.T, 150, 170, 190));

        DelineationResult result =
                new DelineationEvaluator()
                        .evaluate(
                                List.of(
                                        new LeadScoreInput("1", "ii", FS, reference, reference),
                                        new LeadScoreInput("2", "ii", FS, reference, extraT),
                                        new LeadScoreInput("2", "v1", FS, reference, reference)));

        assertThat(result.records())
                .extracting(RecordDelineation::record, RecordDelineation::leads)
                .containsExactly(Tuple.tuple("1", 1), Tuple.tuple("2", 2));
        assertThat(result.records().get(0).fiducials().get(Fiducial.T_ONSET).fp()).isZero();
        assertThat(result.records().get(1).fiducials().get(Fiducial.T_ONSET).fp()).isEqualTo(1);
        assertThat(result.fiducials().get(Fiducial.P_ONSET).tp()).isEqualTo(3);
        assertThat(result.leads()).isEqualTo(3);
        assertThat(result.toTable()).contains("Per record").containsPattern("\\n2 .* 0 / 1 ");
        assertThat(result.toJson()).contains("\"records\"").contains("\"record\" : \"2\"");
    }

    @Test
    void wavesRoundTripThroughAnnotations() throws Exception {
        List<Wave> waves = ludbRecord1LeadII();

        assertThat(WfdbWaves.of(WfdbWaves.toAnnotations(waves))).isEqualTo(waves);
    }
}
