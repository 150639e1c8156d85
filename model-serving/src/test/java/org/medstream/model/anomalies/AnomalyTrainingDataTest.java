package org.medstream.model.anomalies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.anomalies.AnomalyReference;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.model.train.LabelledSequence;
import org.medstream.model.train.TrainingData;

class AnomalyTrainingDataTest {
    private static final Path MITDB = Path.of(System.getProperty("medstream.data.dir"), "mitdb");
    private static final int DELAY = 43;
    private static final int LENGTH = 3600;
    private static final int WARM_UP = 180;

    @Test
    void targetsAreShiftedReferenceAnomalies() throws Exception {
        TrainingData data = AnomalyTrainingData.read(MITDB, List.of(208), List.of(100), DELAY);

        assertThat(data.task()).isEqualTo("anomalies");
        assertThat(data.classes()).containsExactly("none", "anomalous");
        assertThat(data.leads()).containsExactly("ii");
        // 650000 samples give 180 whole sequences of 10 s that can read 43 samples past their end.
        assertThat(data.training()).hasSize(180);

        boolean[] reference =
                AnomalyReference.anomalous(
                        WfdbBeatAnnotations.read(MITDB.resolve("208.atr")), 650000, 360);
        int anomalous = 0;
        for (int sequence = 0; sequence < data.training().size(); sequence++) {
            LabelledSequence labelled = data.training().get(sequence);
            assertThat(labelled.length()).isEqualTo(LENGTH + DELAY);
            for (int t = 0; t < DELAY; t++) {
                assertThat(labelled.mask()[0][t]).isZero();
            }
            for (int t = 0; t < LENGTH; t++) {
                int expected = reference[sequence * LENGTH + t] ? 1 : 0;
                int target = labelled.targets()[0][t + DELAY];
                if (target != expected) {
                    throw new AssertionError(
                            "Sequence " + sequence + " sample " + t + ": target " + target);
                }
                anomalous += target;
                float mask = labelled.mask()[0][t + DELAY];
                assertThat(mask).isEqualTo(t >= WARM_UP ? 1f : 0f);
            }
        }
        // Record 208 has 992 PVCs, 373 fusion and 2 S beats, most of them in whole sequences.
        assertThat(anomalous).isGreaterThan(100_000);
    }

    @Test
    void normalRecordHasFewAnomalies() throws Exception {
        TrainingData data = AnomalyTrainingData.read(MITDB, List.of(100), List.of(103), DELAY);

        long anomalous = 0;
        long samples = 0;
        for (LabelledSequence sequence : data.training()) {
            for (int t = DELAY; t < sequence.length(); t++) {
                anomalous += sequence.targets()[0][t];
                samples++;
            }
        }
        // Record 100 has 33 A beats and one V beat: 34 spans of 109 samples at most.
        assertThat(anomalous).isBetween(1L, 34L * 109);
        assertThat(samples).isEqualTo(180L * LENGTH);
    }

    @Test
    void missingRecordNamed() {
        assertThatThrownBy(() -> AnomalyTrainingData.read(MITDB, List.of(999), List.of(100), DELAY))
                .hasMessageContaining("999");
    }
}
