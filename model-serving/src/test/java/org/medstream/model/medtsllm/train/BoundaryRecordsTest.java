package org.medstream.model.medtsllm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;

/** Reads the bundled MIT-BIH and BIDMC records at 125 Hz. */
class BoundaryRecordsTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @Test
    void mitBihResampledWithEveryBeat() throws IOException {
        BoundaryRecord record = BoundaryRecords.mitBih(DATA.resolve("mitdb"), 100);
        long beats =
                WfdbBeatAnnotations.read(DATA.resolve("mitdb/100.atr")).stream()
                        .filter(BeatAnnotation::isBeat)
                        .count();

        // 650,000 samples at 360 Hz are 225,694 at 125 Hz, less the filter's start-up.
        assertThat(record.signal().length).isBetween(225_600, 225_694);
        // A beat in the last few input samples maps past the last output sample and is left out.
        assertThat(record.boundaries()).hasSizeBetween((int) beats - 1, (int) beats);
        assertThat(record.from()).isZero();
        assertThat(record.to()).isEqualTo(record.signal().length);
        assertThat(record.channel()).isEqualTo("ii");
    }

    /**
     * Record 100's R peaks point up in MLII, so after resampling each beat should sit within a
     * sample or two of the highest sample near it, unless the resampler's delay were not undone.
     */
    @Test
    void mitBihBeatsAlignWithRPeaks() throws IOException {
        BoundaryRecord record = BoundaryRecords.mitBih(DATA.resolve("mitdb"), 100);
        float[] signal = record.signal();
        int aligned = 0;
        for (int beat : record.boundaries()) {
            int highest = beat;
            for (int t = Math.max(0, beat - 10); t <= Math.min(signal.length - 1, beat + 10); t++) {
                if (signal[t] > signal[highest]) {
                    highest = t;
                }
            }
            if (Math.abs(highest - beat) <= 2) {
                aligned++;
            }
        }

        assertThat(aligned).isGreaterThan(record.boundaries().length * 95 / 100);
    }

    /** The bundled copy of record 01 is its first 300 s. */
    @Test
    void bidmcSpanInSamples() throws IOException {
        BoundaryRecord record = BoundaryRecords.bidmc(DATA.resolve("bidmc"), 1, 240, 300);

        assertThat(record.from()).isEqualTo(30_000);
        assertThat(record.to()).isEqualTo(37_500);
        assertThat(record.channel()).isEqualTo("RESP");
        // The first mark of ann1 in bidmc_01_Breaths.csv is sample 189.
        assertThat(record.boundaries()[0]).isEqualTo(189);
        int[] inSpan = record.boundariesInSpan();
        assertThat(inSpan.length).isBetween(5, 40);
        for (int boundary : inSpan) {
            assertThat(boundary).isBetween(30_000, 37_499);
        }
    }

    @Test
    void bidmcSpanAfterEndRejected() {
        assertThatThrownBy(() -> BoundaryRecords.bidmc(DATA.resolve("bidmc"), 1, 300, 900))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends after the record");
    }

    @Test
    void mitBihSecondLeadBesideMlii() throws IOException {
        BoundaryRecord single = BoundaryRecords.mitBih(DATA.resolve("mitdb"), 100);
        BoundaryRecord both =
                BoundaryRecords.mitBih(DATA.resolve("mitdb"), 100, List.of("MLII", "other"));

        assertThat(both.channels()).containsExactly("ii", "V5");
        assertThat(both.signal()).isEqualTo(single.signal());
        assertThat(both.signals().get(1)).hasSameSizeAs(single.signal());
        assertThat(both.signals().get(1)).isNotEqualTo(single.signal());
        assertThat(both.boundaries()).containsExactly(single.boundaries());
    }

    @Test
    void bidmcCovariatesByName() throws IOException {
        BoundaryRecord single = BoundaryRecords.bidmc(DATA.resolve("bidmc"), 1, 240, 300);
        BoundaryRecord three =
                BoundaryRecords.bidmc(
                        DATA.resolve("bidmc"), 1, 240, 300, List.of("RESP", "pleth", "II"));

        assertThat(three.channels()).containsExactly("RESP", "PLETH", "II");
        assertThat(three.signal()).isEqualTo(single.signal());
        assertThat(three.signals().get(1)).isNotEqualTo(three.signals().get(2));
        assertThat(three.boundariesInSpan()).containsExactly(single.boundariesInSpan());
    }

    @Test
    void unknownOrMisplacedChannelRejected() {
        assertThatThrownBy(
                        () ->
                                BoundaryRecords.bidmc(
                                        DATA.resolve("bidmc"), 1, 240, 300, List.of("RESP", "CO2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no channel CO2")
                .hasMessageContaining("PLETH");
        assertThatThrownBy(
                        () ->
                                BoundaryRecords.mitBih(
                                        DATA.resolve("mitdb"), 100, List.of("V5", "MLII")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The beats task reads MLII first");
    }
}
