package org.medstream.stream.annotate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medstream.evaluation.waves.Wave;
import org.medstream.evaluation.waves.WaveKind;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.model.artifact.WaveModels;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.WaveSegment;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.LocalEnvironments;
import org.medstream.stream.remote.RemoteModels;
import org.medstream.stream.waves.WaveLeads;

/**
 * The bounded path of {@code medstream annotate --task waves}: runs the job's own operators
 * (validation, then wave delineation with keyed state) over finished recordings and returns the
 * waves of each lead. Recordings are cut by the replayer's {@link Chunker}, {@link
 * ReplayOptions#DEFAULT_CHUNK_MILLIS} (250 ms) per chunk unless another duration is given, and each
 * recording becomes one stream. At the end of input every lead is finished, so waves still held
 * back come out too.
 *
 * <p>The job also runs beat detection on the same chunks, because the wave operator is part of that
 * job; its beats are discarded, and chunks only the beat detector rejects do not fail the
 * annotation.
 */
public final class WaveAnnotator {
    private final BeatDetectionJobConfig config;
    private final double chunkMillis;
    private final Map<String, PatientContext> patients;

    /** Runs the model in {@code modelDirectory} with default settings and 250 ms chunks. */
    public WaveAnnotator(Path modelDirectory) {
        this(
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.WAVES_MODEL, modelDirectory.toString()),
                ReplayOptions.DEFAULT_CHUNK_MILLIS);
    }

    /** Creates an annotator whose streams carry no patient context. */
    public WaveAnnotator(BeatDetectionJobConfig config, double chunkMillis) {
        this(config, chunkMillis, Map.of());
    }

    /**
     * @param config job settings; {@link BeatDetectionJobConfig#WAVES_MODEL} or {@link
     *     BeatDetectionJobConfig#WAVES_REMOTE} must be set
     * @param chunkMillis duration of one chunk in milliseconds, rounded to whole frames
     * @param patients patient context by recording name, set on the recording's chunks for models
     *     whose prompt describes the patient
     */
    public WaveAnnotator(
            BeatDetectionJobConfig config,
            double chunkMillis,
            Map<String, PatientContext> patients) {
        Objects.requireNonNull(config, "config");
        if (config.wavesModel().isEmpty() && config.wavesRemote().isEmpty()) {
            throw new IllegalArgumentException(
                    "Wave annotation needs the option "
                            + BeatDetectionJobConfig.WAVES_MODEL.key()
                            + " set to a model directory or "
                            + BeatDetectionJobConfig.WAVES_REMOTE.key()
                            + " set to a model server");
        }
        if (!(chunkMillis > 0)) {
            throw new IllegalArgumentException("chunkMillis must be positive, got " + chunkMillis);
        }
        this.config = config;
        this.chunkMillis = chunkMillis;
        this.patients = Map.copyOf(patients);
    }

    /** Runs on an embedded Flink (parallelism 1) bound to 127.0.0.1. */
    public List<Map<String, List<Wave>>> annotate(List<? extends Recording> recordings)
            throws Exception {
        return annotate(LocalEnvironments.loopback(1), recordings);
    }

    /**
     * Runs on {@code env} and returns, for each recording in order, its waves by lead. Every
     * delineated lead is present, possibly with no waves; leads are named like their channels and
     * come in the model's lead order ({@link WaveLeads#tracks}). Each lead's waves are in onset
     * order, with the recording's sample indices.
     *
     * @throws IllegalStateException if validation or the wave operator rejected a chunk. A sampling
     *     frequency the resampler cannot convert is one such case, and the message names the
     *     reason.
     */
    public List<Map<String, List<Wave>>> annotate(
            StreamExecutionEnvironment env, List<? extends Recording> recordings) throws Exception {
        List<List<WaveSegment>> segments =
                RecordingStreams.run(
                        env,
                        config,
                        recordings,
                        chunkMillis,
                        "wave",
                        outputs -> outputs.segments().orElseThrow(),
                        WaveSegment::getStreamId,
                        patients);

        List<String> modelLeads =
                config.wavesModel().isPresent()
                        ? WaveModels.leads(Path.of(config.wavesModel().get()))
                        : RemoteModels.WAVE_MODEL_LEADS;
        List<Map<String, List<Wave>>> result = new ArrayList<>();
        for (int i = 0; i < recordings.size(); i++) {
            Map<String, List<Wave>> found = new HashMap<>();
            for (WaveSegment segment : segments.get(i)) {
                found.computeIfAbsent(segment.getLead(), lead -> new ArrayList<>())
                        .add(toWave(segment));
            }
            Map<String, List<Wave>> leads = new LinkedHashMap<>();
            for (String lead : delineatedLeads(recordings.get(i), modelLeads)) {
                List<Wave> waves = new ArrayList<>(found.getOrDefault(lead, List.of()));
                waves.sort(Comparator.comparingLong(Wave::onset));
                leads.put(lead, waves);
            }
            result.add(leads);
        }
        return result;
    }

    /** Returns the lead names the wave operator gives the recording's channels. */
    private static List<String> delineatedLeads(Recording recording, List<String> modelLeads) {
        List<String> channelNames = new ArrayList<>();
        for (RecordingChannel channel : recording.channels()) {
            channelNames.add(channel.name());
        }
        return WaveLeads.tracks(channelNames, modelLeads).stream()
                .map(track -> track.name)
                .toList();
    }

    private static Wave toWave(WaveSegment segment) {
        return new Wave(
                WaveKind.valueOf(segment.getWave().name()),
                segment.getOnsetSampleIndex(),
                segment.getPeakSampleIndex(),
                segment.getOffsetSampleIndex());
    }
}
