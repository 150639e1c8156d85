package org.medstream.model.breaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.model.train.LabelledSequence;
import org.medstream.model.train.TimeSplit;
import org.medstream.model.train.TrainingData;

/** Reads the bundled BIDMC record 01 (the first 300 s, RESP at 125 Hz). */
class BidmcTrainingDataTest {
    private static final int DELAY = 125;

    @Test
    void spansGiveDisjointLabelledSequences() throws IOException {
        TrainingData data =
                BidmcTrainingData.read(
                        folder(), List.of(1), List.of(1), new TimeSplit(0, 240, 240, 300), DELAY);

        assertThat(data.samplingFrequencyHz()).isEqualTo(125);
        assertThat(data.leads()).containsExactly("RESP");
        assertThat(data.classes()).containsExactly("none", "onset");
        // Training: scored windows start at 10 s, then every 5 s up to 219 s, plus one at 219 s.
        assertThat(data.training()).hasSize(43);
        // Validation: windows at 240 s and 260 s, plus one ending at 299 s.
        assertThat(data.validation()).hasSize(3);

        LabelledSequence sequence = data.training().get(0);
        assertThat(sequence.length()).isEqualTo((10 + 20) * 125 + DELAY);
        int scored = 0;
        int onsets = 0;
        for (int t = 0; t < sequence.length(); t++) {
            if (sequence.mask()[0][t] > 0) {
                scored++;
                onsets += sequence.targets()[0][t];
            }
        }
        assertThat(scored).isEqualTo(20 * 125);
        // About 7 breaths in 20 s, 51 labelled samples each.
        assertThat(onsets).isBetween(4 * 51, 10 * 51);
    }

    @Test
    void shortSpanRejected() {
        assertThatThrownBy(
                        () ->
                                BidmcTrainingData.read(
                                        folder(),
                                        List.of(1),
                                        List.of(1),
                                        new TimeSplit(0, 240, 290, 300),
                                        DELAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The validation span 290-300 s of")
                .hasMessageContaining("is too short");
    }

    @Test
    void spanPastRecordEndRejected() {
        assertThatThrownBy(
                        () ->
                                BidmcTrainingData.read(
                                        folder(),
                                        List.of(1),
                                        List.of(1),
                                        new TimeSplit(0, 240, 250, 400),
                                        DELAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The validation span 250-400 s of")
                .hasMessageContaining("ends after the record, which lasts 300.0 s");
    }

    @Test
    void missingRecordNamed() {
        assertThatThrownBy(
                        () ->
                                BidmcTrainingData.read(
                                        folder(),
                                        List.of(2),
                                        List.of(1),
                                        new TimeSplit(0, 240, 240, 300),
                                        DELAY))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bidmc_02_Signals.csv");
    }

    private static Path folder() {
        return Path.of(System.getProperty("medstream.data.dir"), "bidmc");
    }
}
