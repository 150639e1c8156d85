package org.medstream.stream.remote;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.medstream.model.breaths.RespirationChannels;
import org.medstream.model.leads.LeadMap;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.beat.EcgLeadSelector;
import org.medstream.stream.beat.LeadSamples;
import org.medstream.stream.waves.LeadTrack;
import org.medstream.stream.waves.WaveLeads;

/** Choice of the channels of a stream that the windows of one model carry. */
public interface WindowLeads extends Serializable {

    /**
     * Returns the leads to send for a stream with these channels, in the model's lead order; empty
     * when the stream has none that the model reads.
     */
    List<SentLead> select(List<String> channelNames);

    /**
     * Returns the samples of {@code channel} of {@code chunk} as the model reads them: in mV by
     * default, as the in-process ECG operators read them. Missing samples are NaN.
     */
    default float[] samples(SignalChunk chunk, int channel) {
        return LeadSamples.millivolts(chunk, channel);
    }

    /**
     * One sent lead.
     *
     * @param channel index of the channel in the stream's chunks
     * @param channelName the channel's name, which the output events carry
     * @param modelLead the model's name of the lead, which the request carries
     */
    record SentLead(int channel, String channelName, String modelLead) {}

    /** Returns the wave model's choice: every channel that {@link WaveLeads} matches. */
    static WindowLeads waves(List<String> modelLeads) {
        List<String> leads = List.copyOf(modelLeads);
        return channelNames -> {
            List<LeadTrack> tracks = WaveLeads.tracks(channelNames, leads);
            return tracks.stream()
                    .map(
                            track ->
                                    new SentLead(
                                            track.channel, track.name, leads.get(track.modelLead)))
                    .toList();
        };
    }

    /**
     * Returns the choice of the single-lead ECG models (anomalies): the channel that {@link
     * LeadMap} matches to lead II, or channel 0 when none is named so, as the in-process operator
     * chooses.
     */
    static WindowLeads leadTwo() {
        return channelNames -> {
            int channel = LeadMap.of(channelNames, List.of("ii")).channelOf(0);
            if (channel < 0) {
                return List.of();
            }
            return List.of(new SentLead(channel, channelNames.get(channel), "ii"));
        };
    }

    /**
     * Returns the beats model's choice: the channel that {@link EcgLeadSelector} chooses, as the
     * in-process beat operator does, sent as the model's lead {@code modelLead} so that the server
     * reads that channel and no other.
     */
    static WindowLeads beats(String modelLead) {
        return channelNames -> {
            if (channelNames.isEmpty()) {
                return List.of();
            }
            int channel = EcgLeadSelector.select(channelNames);
            return List.of(new SentLead(channel, channelNames.get(channel), modelLead));
        };
    }

    /**
     * Returns the breaths model's choice: the first channel that {@link RespirationChannels}
     * matches, sent under its own name, which the server matches the same way. Its samples are in
     * the channel's own unit, as the in-process breaths operator reads them, and negated when
     * {@code inverted}, as that operator does for {@code breaths.inverted}.
     */
    static WindowLeads respiration(boolean inverted) {
        return respiration(inverted, List.of());
    }

    /**
     * Returns the choice of {@link #respiration(boolean)} followed by {@code covariates}, channels
     * found by name with case ignored and sent under their own names in their own units; a stream
     * that lacks one of them gets no windows. Only the respiration channel is negated.
     */
    static WindowLeads respiration(boolean inverted, List<String> covariates) {
        return new Respiration(inverted, covariates);
    }

    /** The breaths model's choice of channels and sign. */
    final class Respiration implements WindowLeads {
        private static final long serialVersionUID = 1L;

        private final boolean inverted;
        private final List<String> covariates;

        private Respiration(boolean inverted, List<String> covariates) {
            this.inverted = inverted;
            this.covariates = List.copyOf(covariates);
        }

        @Override
        public List<SentLead> select(List<String> channelNames) {
            int channel = RespirationChannels.find(channelNames);
            if (channel < 0) {
                return List.of();
            }
            String name = channelNames.get(channel);
            List<SentLead> sent = new ArrayList<>();
            sent.add(new SentLead(channel, name, name));
            for (String covariate : covariates) {
                int index = indexOf(channelNames, covariate);
                if (index < 0) {
                    return List.of();
                }
                sent.add(new SentLead(index, channelNames.get(index), channelNames.get(index)));
            }
            return sent;
        }

        @Override
        public float[] samples(SignalChunk chunk, int channel) {
            float[] samples = LeadSamples.physical(chunk, channel);
            if (inverted && channel == RespirationChannels.find(chunk.getChannelNames())) {
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = -samples[i];
                }
            }
            return samples;
        }

        private static int indexOf(List<String> channelNames, String name) {
            for (int c = 0; c < channelNames.size(); c++) {
                if (channelNames.get(c).equalsIgnoreCase(name)) {
                    return c;
                }
            }
            return -1;
        }
    }
}
