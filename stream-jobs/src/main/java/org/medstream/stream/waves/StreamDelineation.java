package org.medstream.stream.waves;

import java.util.Arrays;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.StreamingResampler;
import org.medstream.model.waves.Delineator;
import org.medstream.model.waves.DelineatorSnapshot;
import org.medstream.model.waves.ResampledDelineation;
import org.medstream.model.waves.WaveSink;

/**
 * Delineates the leads of one stream from the first sample of a delineation segment on, as a {@link
 * ResampledDelineation} kept in a {@link WaveTrack}: it restores the resamplers and the delineator
 * from the track, replaces missing samples, and shifts the waves from segment to stream sample
 * indices. {@link ResampledDelineation} describes the resampling and the index mapping.
 *
 * <p>Missing samples (NaN) are replaced by the last finite value of the lead, because one NaN would
 * stay in the recurrent network's state for good. Instances are short-lived: {@link #load} one from
 * keyed state, feed the chunk, {@link #save} it back.
 */
final class StreamDelineation {
    private final LeadTrack[] leads;
    private final ResampledDelineation delineation;
    private final long segmentStartIndex;

    /**
     * Creates the delineation of the segment that {@code track} is at, restoring the resamplers and
     * the delineator from the track unless the segment has not been fed yet.
     *
     * @param filter the filter from the stream's rate to the model's, or null when the two are
     *     equal
     * @param delineator a new delineator of the model, for the leads of the track
     * @param modelLeads number of leads the model takes
     */
    static StreamDelineation load(
            WaveTrack track, ResamplingFilter filter, Delineator delineator, int modelLeads) {
        int[] modelLeadOfLead = new int[track.leads.length];
        for (int i = 0; i < modelLeadOfLead.length; i++) {
            modelLeadOfLead[i] = track.leads[i].modelLead;
        }
        ResampledDelineation delineation =
                new ResampledDelineation(filter, delineator, modelLeadOfLead, modelLeads);
        if (track.network != null) {
            StreamingResampler.Snapshot[] resamplers =
                    new StreamingResampler.Snapshot[track.leads.length];
            for (int i = 0; i < resamplers.length; i++) {
                LeadTrack lead = track.leads[i];
                if ((filter == null) != (lead.resamplerInputs == null)) {
                    throw new IllegalStateException(
                            "Lead "
                                    + lead.name
                                    + " was saved "
                                    + (lead.resamplerInputs == null ? "without" : "with")
                                    + " a resampler; the stream's or the model's sampling"
                                    + " frequency changed since the checkpoint");
                }
                if (filter != null) {
                    resamplers[i] =
                            new StreamingResampler.Snapshot(
                                    lead.resamplerInputs,
                                    lead.resamplerInputCount,
                                    lead.resamplerOutputCount);
                }
            }
            delineation.restore(
                    resamplers,
                    new DelineatorSnapshot(
                            track.network,
                            track.delineatorSamples,
                            track.recentFrames,
                            Arrays.stream(track.assemblers).map(AssemblerTrack::toState).toList()));
        }
        return new StreamDelineation(track.leads, delineation, track.segmentStartIndex);
    }

    private StreamDelineation(
            LeadTrack[] leads, ResampledDelineation delineation, long segmentStartIndex) {
        this.leads = leads;
        this.delineation = delineation;
        this.segmentStartIndex = segmentStartIndex;
    }

    /** Writes the state of this delineation into {@code track}; channels and names stay. */
    void save(WaveTrack track) {
        StreamingResampler.Snapshot[] resamplers = delineation.resamplerSnapshots();
        for (int i = 0; i < leads.length; i++) {
            LeadTrack lead = track.leads[i];
            if (resamplers[i] == null) {
                lead.resamplerInputs = null;
                lead.resamplerInputCount = 0;
                lead.resamplerOutputCount = 0;
            } else {
                lead.resamplerInputs = resamplers[i].recentInputs();
                lead.resamplerInputCount = resamplers[i].inputCount();
                lead.resamplerOutputCount = resamplers[i].outputCount();
            }
        }
        DelineatorSnapshot snapshot = delineation.delineatorSnapshot();
        track.network = snapshot.network();
        track.delineatorSamples = snapshot.samples();
        track.recentFrames = snapshot.recentFrames();
        track.assemblers =
                snapshot.assemblers().stream()
                        .map(AssemblerTrack::of)
                        .toArray(AssemblerTrack[]::new);
    }

    /**
     * Feeds {@code count} samples of every lead in mV, the next ones of the segment; {@code waves}
     * receives the waves they complete, in stream sample indices.
     *
     * @param samples per lead of the track, in track order, the lead's samples of the chunk
     */
    void accept(float[][] samples, int offset, int count, WaveSink waves) {
        double[][] inputs = new double[leads.length][count];
        for (int i = 0; i < leads.length; i++) {
            for (int s = 0; s < count; s++) {
                float value = samples[i][offset + s];
                if (Float.isFinite(value)) {
                    leads[i].lastValue = value;
                }
                inputs[i][s] = leads[i].lastValue;
            }
        }
        delineation.accept(inputs, count, shifted(waves));
    }

    /**
     * Ends the segment: flushes the resamplers with each lead's last value and lets the delineator
     * emit the waves it still holds. Must not be fed afterwards.
     */
    void finish(WaveSink waves) {
        delineation.finish(shifted(waves));
    }

    private WaveSink shifted(WaveSink waves) {
        return (lead, wave) ->
                waves.accept(
                        lead,
                        new Wave(
                                wave.kind(),
                                segmentStartIndex + wave.onset(),
                                segmentStartIndex + wave.peak(),
                                segmentStartIndex + wave.offset()));
    }
}
