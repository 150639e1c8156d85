package org.medstream.stream.waves;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.medstream.model.artifact.WaveModels;
import org.medstream.model.leads.LeadMap;
import org.medstream.model.waves.WaveModel;
import org.medstream.model.waves.WaveRules;
import org.medstream.model.waves.WaveSink;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.serde.AvroCodec;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.beat.LeadSamples;
import org.medstream.stream.model.StreamModelFunction;
import org.medstream.stream.time.StreamClock;

/**
 * Delineates the P, QRS and T waves of every ECG lead of a stream with a streaming wave model and
 * emits one {@link WaveSegment} per wave. {@link StreamModelFunction} describes the keyed state,
 * gaps, overlaps, dead letters and the end of a stream.
 *
 * <p>The stream has one {@link org.medstream.model.waves.Delineator}, which segments all its leads
 * at once (sample by sample for an LMU model, window by window for MedTsLLM), and, when the
 * stream's sampling frequency differs from the model's, one {@link
 * org.medstream.model.resample.StreamingResampler} per lead. Both live in keyed state ({@link
 * WaveTrack}, {@link LeadTrack}). Waves come out with the model's delay plus up to a merge gap, and
 * with the resampler's delay when one runs; their sample indices are the stream's own ({@link
 * org.medstream.model.waves.ResampledDelineation} describes the mapping, which the model server
 * shares), and their times are the stream start plus index / f.
 *
 * <p>Leads: {@link WaveLeads} and {@link LeadMap} match the stream's channel names to the model's
 * leads (MIT-BIH's MLII feeds lead II, V1 feeds V1); the model gets zeros for the leads the stream
 * lacks, as in training with lead dropout, and emits no waves for them. Segments carry the channel
 * name. After a gap, waves in the first θ of an LMU model are less reliable while the network
 * settles.
 */
public class WaveDelineationFunction
        extends StreamModelFunction<WaveTrack, WaveSegment, WaveModel> {
    private static final long serialVersionUID = 1L;

    /** Task of the models this operator runs. */
    static final String TASK = "waves";

    /** Chunks of streams the model cannot delineate, such as an unsupported frequency. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("waves-dead-letters", TypeInformation.of(DeadLetter.class));

    private static final AvroCodec<PatientContext> PATIENTS = AvroCodec.of(PatientContext.class);

    /**
     * Creates the function for the model in {@code modelDirectory}, which every task manager must
     * be able to read: each parallel instance loads it in {@link #open}.
     *
     * @param stateRetention processing time without chunks after which a stream is finished and its
     *     state dropped
     */
    public WaveDelineationFunction(String modelDirectory, Duration stateRetention) {
        super(modelDirectory, stateRetention);
    }

    /**
     * Creates the function after loading the model once here, so that a missing or broken model
     * directory fails when the job is built and not on the task managers.
     *
     * @throws IllegalArgumentException when the model in {@code modelDirectory} cannot be loaded;
     *     the message names the directory and the cause
     */
    public static WaveDelineationFunction forModel(String modelDirectory, Duration stateRetention) {
        try (WaveModel model =
                checked(
                        WaveModels.load(Path.of(modelDirectory)),
                        modelDirectory,
                        TASK,
                        "wave delineation")) {
            // Loaded only to fail early; each parallel instance loads its own in open().
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot load the wave model in "
                            + modelDirectory
                            + ": "
                            + e.getMessage()
                            + "; point waves.model (annotate: --model-dir) at a directory with model.json and its"
                            + " weights",
                    e);
        }
        return new WaveDelineationFunction(modelDirectory, stateRetention);
    }

    @Override
    protected String task() {
        return TASK;
    }

    @Override
    protected WaveModel loadModel(Path directory) throws IOException {
        return WaveModels.load(directory);
    }

    @Override
    protected String operatorName() {
        return "delineate-waves";
    }

    @Override
    protected String activity() {
        return "wave delineation";
    }

    @Override
    protected Class<WaveTrack> trackClass() {
        return WaveTrack.class;
    }

    @Override
    protected OutputTag<DeadLetter> deadLetterTag() {
        return DEAD_LETTERS;
    }

    @Override
    protected WaveTrack newTrack(SignalChunk chunk) {
        WaveTrack track = new WaveTrack();
        List<LeadTrack> leads = WaveLeads.tracks(chunk.getChannelNames(), model().leads());
        track.leads = leads.toArray(new LeadTrack[0]);
        return track;
    }

    /** Starts new resamplers and a new delineator at the segment's first sample. */
    @Override
    protected void restartSegment(WaveTrack track) {
        track.segmentStartIndex = track.nextSampleIndex;
        track.network = null;
        track.recentFrames = null;
        track.assemblers = null;
        for (LeadTrack leadTrack : track.leads) {
            leadTrack.resamplerInputs = null;
        }
    }

    @Override
    protected void process(
            WaveTrack track,
            SignalChunk chunk,
            int offset,
            int count,
            String streamId,
            Consumer<WaveSegment> out) {
        float[][] samples = new float[track.leads.length][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = LeadSamples.millivolts(chunk, track.leads[i].channel);
        }
        PatientContext patient = chunk.getPatient();
        track.patient = patient == null ? null : PATIENTS.encode(patient);
        StreamDelineation delineation = load(track);
        delineation.accept(samples, offset, count, emitter(track, segments(streamId, track), out));
        delineation.save(track);
    }

    /** Emits the waves still held, if the segment has been fed. */
    @Override
    protected void finishSegment(WaveTrack track, String streamId, Consumer<WaveSegment> out) {
        if (track.network == null) {
            return;
        }
        load(track).finish(emitter(track, segments(streamId, track), out));
    }

    /**
     * Returns the stream's delineation: a new one when the segment has not been fed ({@link
     * WaveTrack#network} is null), otherwise the one saved in {@code track}. Its delineator
     * describes the patient of {@link WaveTrack#patient} to models that read one, so a changed
     * patient context applies from the next window on.
     */
    private StreamDelineation load(WaveTrack track) {
        boolean[] present = new boolean[model().leads().size()];
        for (LeadTrack lead : track.leads) {
            present[lead.modelLead] = true;
        }
        PatientContext patient = track.patient == null ? null : PATIENTS.decode(track.patient);
        return StreamDelineation.load(
                track,
                filterFor(track.samplingFrequencyHz),
                model().newDelineator(WaveRules.DEFAULT, present, patient),
                present.length);
    }

    /** Turns the delineator's waves of a model lead into segments named like the lead's channel. */
    private static WaveSink emitter(
            WaveTrack track, WaveSegments segments, Consumer<WaveSegment> out) {
        return (modelLead, wave) -> {
            for (LeadTrack lead : track.leads) {
                if (lead.modelLead == modelLead) {
                    out.accept(segments.of(lead.name, wave));
                }
            }
        };
    }

    private WaveSegments segments(String streamId, WaveTrack track) {
        return new WaveSegments(
                streamId,
                new StreamClock(track.streamStartMicros, track.samplingFrequencyHz),
                model().family(),
                model().medstreamVersion(),
                EpochMicros.now());
    }
}
