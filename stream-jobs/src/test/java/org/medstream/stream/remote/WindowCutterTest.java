package org.medstream.stream.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.model.breaths.RespirationChannels;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.beat.LeadSamples;
import org.medstream.stream.model.OperatorRuns;

/** The window cutter on LUDB record 1 (10 s, twelve leads at 500 Hz) in Flink's test harness. */
class WindowCutterTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** 1 s windows with 0.3 s overlap: 500 samples reported, 150 before and after. */
    private static final OperatorRuns<ModelWindow> RUNS =
            new OperatorRuns<>(
                    () ->
                            new WindowCutter(
                                    WindowLeads.waves(RemoteModels.WAVE_MODEL_LEADS),
                                    Duration.ofSeconds(1),
                                    Duration.ofMillis(300),
                                    Duration.ofHours(1)),
                    window -> window);

    private static List<SignalChunk> chunks() throws Exception {
        WfdbRecord record = WfdbRecord.read(DATA.resolve("ludb/1"));
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(record, "bed-1", START, 125, record.frameCount()).forEachRemaining(chunks::add);
        return chunks;
    }

    @Test
    void ownedSpansTileStream() throws Exception {
        List<ModelWindow> windows = RUNS.uninterrupted(chunks());

        // Full windows need 150 samples after their span, so spans end at 500 … 4500, then the
        // last window reports 4500 to the end.
        assertThat(windows).hasSize(10);
        long next = 0;
        for (ModelWindow window : windows) {
            assertThat(window.ownedFrom).isEqualTo(next);
            assertThat(window.windowStartIndex).isEqualTo(Math.max(0, next - 150));
            assertThat(window.warmupSamples).isEqualTo(window.ownedFrom - window.windowStartIndex);
            assertThat(window.samples).hasSize(window.length * 12);
            next = window.ownedTo;
        }
        assertThat(windows.get(0).length).isEqualTo(650);
        assertThat(windows.get(1).length).isEqualTo(800);
        ModelWindow last = windows.get(9);
        assertThat(last.last()).isTrue();
        assertThat(last.ownedFrom).isEqualTo(4500);
        assertThat(last.windowStartIndex + last.length).isEqualTo(5000);
    }

    @Test
    void samplesAreStreamSamples() throws Exception {
        List<SignalChunk> chunks = chunks();
        List<ModelWindow> windows = RUNS.uninterrupted(chunks);

        ModelWindow window = windows.get(3);
        assertThat(window.leads).containsExactlyElementsOf(RemoteModels.WAVE_MODEL_LEADS);
        assertThat(window.channels)
                .containsExactly(
                        "i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6");
        // Sample 1400 of lead ii lies in chunk 11 (frames 1375 … 1499) at frame 25.
        float expected = LeadSamples.millivolts(chunks.get(11), 1)[25];
        int t = (int) (1400 - window.windowStartIndex);
        assertThat(window.leadSamples(1)[t]).isEqualTo(expected);
    }

    /**
     * With chunk ends marked, as for the beats model: each chunk's end goes with the first window
     * whose span ends after it, once, with the flat run of the sent lead there, also across a
     * restore from a checkpoint.
     */
    @Test
    void beatWindowsCarryChunkEnds() throws Exception {
        List<SignalChunk> chunks = chunks();
        for (SignalChunk chunk : chunks) {
            flatten(chunk, 2000, 3000);
        }
        OperatorRuns<ModelWindow> runs =
                new OperatorRuns<>(
                        () ->
                                new WindowCutter(
                                                WindowLeads.beats(RemoteModels.BEAT_MODEL_LEAD),
                                                Duration.ofSeconds(1),
                                                Duration.ofMillis(300),
                                                Duration.ofHours(1))
                                        .markingChunkEnds(),
                        window -> window);

        List<ModelWindow> windows = runs.uninterrupted(chunks);

        assertThat(windows).hasSize(10);
        List<Long> ends = new ArrayList<>();
        for (ModelWindow window : windows) {
            assertThat(window.leads).containsExactly("ii");
            for (ChunkEnd end : window.chunkEnds) {
                assertThat(end.lastSampleIndex).isLessThan(window.ownedTo);
                if (window.sequence > 0) {
                    assertThat(end.lastSampleIndex)
                            .isGreaterThanOrEqualTo(windows.get((int) window.sequence - 1).ownedTo);
                }
                assertThat(end.firstSampleIndex).isEqualTo(end.lastSampleIndex - 124);
                ends.add(end.lastSampleIndex);
            }
        }
        List<Long> expected = new ArrayList<>();
        for (SignalChunk chunk : chunks) {
            expected.add(chunk.getFirstSampleIndex() + chunk.getFrameCount() - 1);
        }
        assertThat(ends).isEqualTo(expected);
        // The first flattened sample still differs from the one before it.
        assertThat(chunkEnd(windows, 2999).flatRunSamples).isEqualTo(999);
        assertThat(chunkEnd(windows, 2124).flatRunSamples).isEqualTo(124);
        assertThat(chunkEnd(windows, 3124).flatRunSamples).isZero();

        List<ModelWindow> restored = runs.restoredAfter(chunks, 23);
        assertThat(restored).hasSameSizeAs(windows);
        for (int i = 0; i < windows.size(); i++) {
            assertThat(restored.get(i).chunkEnds)
                    .usingRecursiveFieldByFieldElementComparator()
                    .containsExactly(windows.get(i).chunkEnds);
        }
    }

    private static ChunkEnd chunkEnd(List<ModelWindow> windows, long lastSampleIndex) {
        for (ModelWindow window : windows) {
            for (ChunkEnd end : window.chunkEnds) {
                if (end.lastSampleIndex == lastSampleIndex) {
                    return end;
                }
            }
        }
        throw new AssertionError("No chunk end at " + lastSampleIndex);
    }

    /** Sets samples {@code from} to {@code to} (exclusive) of every channel to one value. */
    private static void flatten(SignalChunk chunk, long from, long to) {
        DigitalSamples samples = (DigitalSamples) chunk.getSamples();
        int channels = chunk.getChannelNames().size();
        for (int frame = 0; frame < chunk.getFrameCount(); frame++) {
            long index = chunk.getFirstSampleIndex() + frame;
            if (index >= from && index < to) {
                for (int channel = 0; channel < channels; channel++) {
                    samples.getValues().set(frame * channels + channel, 17);
                }
            }
        }
    }

    @Test
    void windowsCarryChunkPatient() throws Exception {
        List<SignalChunk> chunks = new ArrayList<>();
        for (SignalChunk chunk : chunks()) {
            SignalChunk copy = SignalChunk.newBuilder(chunk).build();
            if (copy.getFirstSampleIndex() >= 2000) {
                copy.setPatient(
                        PatientContext.newBuilder()
                                .setStreamId("bed-1")
                                .setAgeYears(51)
                                .setSex("F")
                                .setDiagnoses(List.of("Sinus bradycardia", "Left axis deviation"))
                                .setSource("test")
                                .setUpdatedAtMicros(START)
                                .build());
            }
            chunks.add(copy);
        }

        List<ModelWindow> windows = RUNS.uninterrupted(chunks);

        assertThat(windows.get(0).patientFields()).isEmpty();
        assertThat(windows.get(9).patientFields())
                .containsExactly(
                        Map.entry("age", "51"),
                        Map.entry("sex", "F"),
                        Map.entry("diagnoses", "Sinus bradycardia\nLeft axis deviation"));
    }

    @Test
    void gapEndsSegment() throws Exception {
        List<SignalChunk> chunks = chunks();
        List<SignalChunk> withGap = new ArrayList<>(chunks.subList(0, 12));
        withGap.addAll(chunks.subList(20, chunks.size()));

        List<ModelWindow> windows = RUNS.uninterrupted(withGap);

        // Before the gap: samples 0 … 1499, spans of 500 up to 1000 (1000 + 500 + 150 > 1500),
        // then the last window from 1000. After it: a new segment from 2500.
        assertThat(windows).extracting(window -> window.ownedFrom).startsWith(0L, 500L, 1000L);
        ModelWindow beforeGap = windows.get(2);
        assertThat(beforeGap.last()).isTrue();
        assertThat(beforeGap.windowStartIndex + beforeGap.length).isEqualTo(1500);
        ModelWindow afterGap = windows.get(3);
        assertThat(afterGap.windowStartIndex).isEqualTo(2500);
        assertThat(afterGap.warmupSamples).isZero();
        assertThat(afterGap.ownedFrom).isEqualTo(2500);
    }

    @Test
    void restoredCheckpointSendsSameWindows() throws Exception {
        List<SignalChunk> chunks = chunks();

        List<String> uninterrupted = describe(RUNS.uninterrupted(chunks));
        List<String> restored = describe(RUNS.restoredAfter(chunks, 17));

        assertThat(restored).isEqualTo(uninterrupted);
    }

    /**
     * The first 60 s of BIDMC record 01's RESP (125 Hz) in 8 s windows with 30 s warm-up and 2 s
     * look-ahead, inverted: 1000 samples reported, 3750 before and 250 after.
     */
    @Test
    void respirationWindowsHaveOwnWarmupAndLookAhead() throws Exception {
        Recording recording =
                RecordingFiles.open(DATA.resolve("bidmc").resolve("bidmc_01_Signals.csv"));
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(recording, "bed-1", START, 31, 125 * 60).forEachRemaining(chunks::add);
        OperatorRuns<ModelWindow> runs =
                new OperatorRuns<>(
                        () ->
                                new WindowCutter(
                                        WindowLeads.respiration(true),
                                        Duration.ofSeconds(8),
                                        Duration.ofSeconds(30),
                                        Duration.ofSeconds(2),
                                        Duration.ofHours(1)),
                        window -> window);

        List<ModelWindow> windows = runs.uninterrupted(chunks);

        // 7500 samples: spans end at 1000 … 7000 (7000 + 250 ≤ 7500), then the last window.
        assertThat(windows).hasSize(8);
        ModelWindow first = windows.get(0);
        assertThat(first.windowStartIndex).isZero();
        assertThat(first.length).isEqualTo(1250);
        ModelWindow fifth = windows.get(4);
        assertThat(fifth.leads).containsExactly("RESP");
        assertThat(fifth.channels).containsExactly("RESP");
        assertThat(fifth.ownedFrom).isEqualTo(4000);
        assertThat(fifth.windowStartIndex).isEqualTo(250);
        assertThat(fifth.warmupSamples).isEqualTo(3750);
        assertThat(fifth.length).isEqualTo(5000);
        // Sample 4100 lies in chunk 132 (frames 4092 … 4122) at frame 8, in the channel's own unit
        // and negated.
        int channel = RespirationChannels.find(chunks.get(0).getChannelNames());
        float expected = -LeadSamples.physical(chunks.get(132), channel)[8];
        assertThat(fifth.leadSamples(0)[4100 - 250]).isEqualTo(expected);
        ModelWindow last = windows.get(7);
        assertThat(last.last()).isTrue();
        assertThat(last.windowStartIndex).isEqualTo(7000 - 3750);
        assertThat(last.windowStartIndex + last.length).isEqualTo(7500);
    }

    private static List<String> describe(List<ModelWindow> windows) {
        List<String> lines = new ArrayList<>();
        for (ModelWindow window : windows) {
            float sum = 0;
            for (float value : window.samples) {
                sum += value;
            }
            lines.add(
                    window.sequence
                            + " "
                            + window.windowStartIndex
                            + " "
                            + window.length
                            + " "
                            + window.ownedFrom
                            + " "
                            + window.ownedTo
                            + " "
                            + sum);
        }
        return lines;
    }
}
