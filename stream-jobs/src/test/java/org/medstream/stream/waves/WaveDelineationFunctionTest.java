package org.medstream.stream.waves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.model.ludb.LudbReader;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.WaveType;
import org.medstream.stream.model.OperatorRuns;

class WaveDelineationFunctionTest {
    static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    static final Path MODEL = DATA.resolveSibling("models").resolve("lmu-waves");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EMITTED = Instant.EPOCH;

    private static final OperatorRuns<WaveSegment> RUNS =
            new OperatorRuns<>(
                    () -> new WaveDelineationFunction(MODEL.toString(), Duration.ofHours(1)),
                    WaveDelineationFunctionTest::withFixedEmittedAt);

    static List<SignalChunk> chunks(String record, double seconds, int framesPerChunk)
            throws Exception {
        WfdbRecord recording = WfdbRecord.read(DATA.resolve(record));
        long frames = Math.round(seconds * recording.samplingFrequencyHz());
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(recording, "bed-1", START, framesPerChunk, frames)
                .forEachRemaining(chunks::add);
        return chunks;
    }

    private static WaveSegment withFixedEmittedAt(WaveSegment segment) {
        WaveSegment copy = WaveSegment.newBuilder(segment).build();
        copy.setEmittedAtMicros(EMITTED);
        return copy;
    }

    private static List<WaveSegment> uninterrupted(List<SignalChunk> chunks) throws Exception {
        return RUNS.uninterrupted(chunks);
    }

    @Test
    void leadsMatchModelLeads() {
        List<LeadTrack> tracks = WaveLeads.tracks(List.of("PLETH", "V1", "MLII"), LudbReader.LEADS);

        assertThat(tracks).extracting(track -> track.name).containsExactly("MLII", "V1");
        assertThat(tracks).extracting(track -> track.channel).containsExactly(2, 1);
        assertThat(tracks).extracting(track -> track.modelLead).containsExactly(1, 6);
    }

    @Test
    void unnamedChannelTakenAsLeadTwo() {
        List<LeadTrack> tracks = WaveLeads.tracks(List.of("ECG", "ECG"), LudbReader.LEADS);

        assertThat(tracks).extracting(track -> track.name).containsExactly("ECG");
        assertThat(tracks).extracting(track -> track.modelLead).containsExactly(1);
    }

    @Test
    void beatsModelRejected() {
        Path beats = MODEL.resolveSibling("lmu-beats");

        assertThatThrownBy(
                        () ->
                                WaveDelineationFunction.forModel(
                                        beats.toString(), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "it is a 'beats' model, wave delineation needs a model of task 'waves'");
    }

    @Test
    void stateIsPojoWithoutKryo() {
        TypeInformation<WaveTrack> track = TypeInformation.of(WaveTrack.class);
        assertThat(track).isInstanceOf(PojoTypeInfo.class);

        for (String field : List.of("leads", "assemblers")) {
            TypeInformation<?> array = ((PojoTypeInfo<WaveTrack>) track).getTypeAt(field);
            assertThat(array).as(field).isInstanceOf(ObjectArrayTypeInfo.class);
            assertThat(((ObjectArrayTypeInfo<?, ?>) array).getComponentInfo())
                    .as(field)
                    .isInstanceOf(PojoTypeInfo.class);
        }
    }

    @ParameterizedTest(name = "{0}, {2}-frame chunks, restored after chunk {3}")
    @CsvSource({"ludb/1, 10, 125, 37", "mitdb/100, 20, 90, 41"})
    void restoreMatchesUninterruptedRun(
            String record, double seconds, int framesPerChunk, int split) throws Exception {
        List<SignalChunk> chunks = chunks(record, seconds, framesPerChunk);
        List<WaveSegment> expected = uninterrupted(chunks);

        List<WaveSegment> actual = RUNS.restoredAfter(chunks, split);

        assertThat(actual).hasSize(expected.size());
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void ludbSegmentsCoverAllLeadsAndKinds() throws Exception {
        List<WaveSegment> segments = uninterrupted(chunks("ludb/1", 10.0, 125));

        assertThat(segments)
                .extracting(WaveSegment::getLead)
                .containsOnly(
                        "i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6");
        assertThat(segments)
                .extracting(WaveSegment::getWave)
                .contains(WaveType.P, WaveType.QRS, WaveType.T);
        WaveSegment first = segments.get(0);
        assertThat(first.getDetectorName()).isEqualTo("lmu");
        assertThat(first.getStreamId()).isEqualTo("bed-1");
        assertThat(first.getOnsetTimeMicros())
                .isEqualTo(START.plusNanos(first.getOnsetSampleIndex() * 2_000_000L));
        assertThat(first.getOffsetTimeMicros())
                .isEqualTo(START.plusNanos(first.getOffsetSampleIndex() * 2_000_000L));
        assertThat(segments)
                .allSatisfy(
                        segment -> {
                            assertThat(segment.getOnsetSampleIndex())
                                    .isBetween(0L, segment.getPeakSampleIndex());
                            assertThat(segment.getOffsetSampleIndex())
                                    .isBetween(segment.getPeakSampleIndex(), 4999L);
                        });
    }

    @Test
    void gapFinishesAndRestartsLeads() throws Exception {
        List<SignalChunk> all = chunks("ludb/1", 10.0, 125);
        List<SignalChunk> withGap = new ArrayList<>(all.subList(0, 16));
        withGap.addAll(all.subList(20, all.size()));
        long gapStart = 16 * 125;
        long gapEnd = 20 * 125 - 1;

        List<WaveSegment> segments = uninterrupted(withGap);

        assertThat(segments)
                .allSatisfy(
                        segment ->
                                assertThat(
                                                segment.getOffsetSampleIndex() < gapStart
                                                        || segment.getOnsetSampleIndex() > gapEnd)
                                        .as("%s outside the gap", segment)
                                        .isTrue());
        assertThat(segments)
                .filteredOn(segment -> segment.getOnsetSampleIndex() > gapEnd)
                .extracting(WaveSegment::getWave)
                .contains(WaveType.QRS);
        assertThat(segments)
                .filteredOn(segment -> segment.getOffsetSampleIndex() < gapStart)
                .extracting(WaveSegment::getWave)
                .contains(WaveType.QRS);
    }

    @ParameterizedTest(name = "{0} at {1} Hz, lead {2}")
    @CsvSource({"mitdb/100, 360, MLII", "svdb/800, 128, ECG"})
    void resampledQrsPeaksNearReferenceBeats(String record, int samplingFrequencyHz, String lead)
            throws Exception {
        double seconds = 60.0;
        List<SignalChunk> chunks =
                chunks(record, seconds, Chunker.framesPerChunk(samplingFrequencyHz, 250.0));
        List<WaveSegment> segments = uninterrupted(chunks);
        List<Long> qrsPeaks =
                segments.stream()
                        .filter(segment -> segment.getLead().equals(lead))
                        .filter(segment -> segment.getWave() == WaveType.QRS)
                        .map(WaveSegment::getPeakSampleIndex)
                        .toList();

        long frames = Math.round(seconds * samplingFrequencyHz);
        long tolerance = Math.round(0.150 * samplingFrequencyHz);
        List<Long> reference = new ArrayList<>();
        for (Annotation annotation : WfdbAnnotations.read(DATA.resolve(record + ".atr"))) {
            if (annotation.isQrs()
                    && annotation.sample() >= tolerance
                    && annotation.sample() < frames - tolerance) {
                reference.add(annotation.sample());
            }
        }
        long matched =
                reference.stream()
                        .filter(
                                beat ->
                                        qrsPeaks.stream()
                                                .anyMatch(
                                                        peak -> Math.abs(peak - beat) <= tolerance))
                        .count();
        double matchRate = (double) matched / reference.size();
        System.out.printf(
                "%s lead %s: %d of %d reference beats within 150 ms of a QRS peak (%.4f),"
                        + " %d QRS waves%n",
                record, lead, matched, reference.size(), matchRate, qrsPeaks.size());

        assertThat(reference).hasSizeGreaterThan(50);
        assertThat(matchRate).isGreaterThan(0.95);
        assertThat(qrsPeaks.size()).isLessThan(reference.size() * 12 / 10 + 2);
    }
}
