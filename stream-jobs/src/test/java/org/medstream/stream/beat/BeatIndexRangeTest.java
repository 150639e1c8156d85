package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medstream.schemas.Beat;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.BeatListener;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.detect.QrsDetectorState;

/**
 * Every beat the operator emits lies on a sample the stream delivered: at or after the first one,
 * at or before the last one (also for beats flushed at the end of input), and never inside a gap
 * between chunks. Checked over records, chunk sizes, gaps and inputs that end right after an R
 * peak.
 */
class BeatIndexRangeTest {
    private static final double SECONDS = 180;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String record : List.of("mitdb/100", "mitdb/105", "mitdb/208", "svdb/800")) {
            for (int chunkFrames : new int[] {13, 90, 997, 3600}) {
                for (boolean gaps : new boolean[] {false, true}) {
                    cases.add(Arguments.of(record, chunkFrames, gaps));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} chunks of {1} frames, gaps {2}")
    @MethodSource("cases")
    void beatsWithinDeliveredSamples(String record, int chunkFrames, boolean gaps)
            throws Exception {
        String[] parts = record.split("/");
        RecordChunks source = RecordChunks.read(parts[0], parts[1], SECONDS);
        double fs = source.samplingFrequencyHz();
        List<SignalChunk> chunks = new ArrayList<>(source.fixed(chunkFrames));
        if (gaps) {
            // A gap padded with missing samples (0.5 s) and one that restarts the detector (5 s).
            removeFrames(chunks, (long) (60 * fs), (long) (60.5 * fs));
            removeFrames(chunks, (long) (120 * fs), (long) (125 * fs));
        }
        // End the input 3 samples after an R peak of the full run, so the last beat is flushed at
        // the end of input right at the edge.
        List<Beat> full = DetectionRun.of(chunks).beats();
        long cut = full.get(full.size() - 2).getSampleIndex() + 3;
        chunks = truncate(chunks, cut);

        DetectionRun run = DetectionRun.of(chunks);

        long firstDelivered = chunks.get(0).getFirstSampleIndex();
        SignalChunk last = chunks.get(chunks.size() - 1);
        long lastDelivered = last.getFirstSampleIndex() + last.getFrameCount() - 1;
        assertThat(lastDelivered).isEqualTo(cut - 1);
        assertThat(run.beats()).as("beats").hasSizeGreaterThan((int) (SECONDS / 2));
        assertThat(run.deadLetters()).isEmpty();
        for (Beat beat : run.beats()) {
            long index = beat.getSampleIndex();
            assertThat(index).as("beat index").isBetween(firstDelivered, lastDelivered);
            assertThat(isDelivered(chunks, index))
                    .as("beat %d on a delivered sample", index)
                    .isTrue();
        }
    }

    @Test
    void beatAtEndOfSamplesClamped() throws Exception {
        RecordChunks source = RecordChunks.read("mitdb", "100", 20);
        List<SignalChunk> chunks = source.fixed(90);
        List<Beat> expected = DetectionRun.of(chunks).beats();

        DetectionRun run = DetectionRun.of(chunks, new OvershootingDetector());

        long lastDelivered = source.frames() - 1;
        List<Beat> beats = run.beats();
        assertThat(beats).hasSize(expected.size() + 1);
        assertThat(beats.subList(0, expected.size()))
                .extracting(Beat::getSampleIndex)
                .isEqualTo(expected.stream().map(Beat::getSampleIndex).toList());
        assertThat(beats.get(beats.size() - 1).getSampleIndex()).isEqualTo(lastDelivered);
    }

    /**
     * A detector with an off-by-one error at the end of input: after the real beats it reports one
     * at the index equal to the number of samples, which the stream never delivered.
     */
    private static final class OvershootingDetector implements BeatDetector<QrsDetectorState> {
        private final PanTompkinsDetector detector = new PanTompkinsDetector();

        @Override
        public String name() {
            return "overshooting";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public Class<QrsDetectorState> stateClass() {
            return QrsDetectorState.class;
        }

        @Override
        public QrsDetectorState createState(double samplingFrequencyHz) {
            return detector.createState(samplingFrequencyHz);
        }

        @Override
        public void process(
                QrsDetectorState state,
                float[] samples,
                int offset,
                int count,
                long firstSampleIndex,
                BeatListener listener) {
            detector.process(state, samples, offset, count, firstSampleIndex, listener);
        }

        @Override
        public void finish(QrsDetectorState state, BeatListener listener) {
            detector.finish(state, listener);
            listener.onBeat(state.nextSampleIndex, 'N');
        }

        @Override
        public double maxDelaySeconds() {
            return detector.maxDelaySeconds();
        }
    }

    /** Removes the chunks that hold any frame of {@code [from, to)}. */
    private static void removeFrames(List<SignalChunk> chunks, long from, long to) {
        chunks.removeIf(
                chunk ->
                        chunk.getFirstSampleIndex() < to
                                && chunk.getFirstSampleIndex() + chunk.getFrameCount() > from);
    }

    /** Keeps the frames before {@code end}, cutting the chunk that contains it. */
    private static List<SignalChunk> truncate(List<SignalChunk> chunks, long end) {
        List<SignalChunk> kept = new ArrayList<>();
        for (SignalChunk chunk : chunks) {
            long first = chunk.getFirstSampleIndex();
            if (first >= end) {
                break;
            }
            int frames = (int) Math.min(chunk.getFrameCount(), end - first);
            if (frames == chunk.getFrameCount()) {
                kept.add(chunk);
            } else {
                int channels = chunk.getChannelNames().size();
                PhysicalSamples samples = (PhysicalSamples) chunk.getSamples();
                SignalChunk cut = SignalChunk.newBuilder(chunk).setFrameCount(frames).build();
                cut.setSamples(
                        PhysicalSamples.newBuilder()
                                .setValues(
                                        new ArrayList<>(
                                                samples.getValues().subList(0, frames * channels)))
                                .build());
                kept.add(cut);
            }
        }
        return kept;
    }

    private static boolean isDelivered(List<SignalChunk> chunks, long index) {
        for (SignalChunk chunk : chunks) {
            long first = chunk.getFirstSampleIndex();
            if (index >= first && index < first + chunk.getFrameCount()) {
                return true;
            }
        }
        return false;
    }
}
