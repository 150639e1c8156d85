package org.medstream.model.serve.lmu;

import java.util.ArrayList;
import java.util.List;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.leads.LeadMap;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.ModelInfo;
import org.medstream.model.serve.inference.WaveResamplingFilters;
import org.medstream.model.serve.inference.WaveWindowOutput;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowResult;
import org.medstream.model.serve.inference.WindowResultBuilder;
import org.medstream.model.waves.ResampledDelineation;
import org.medstream.model.waves.WaveRules;

/**
 * The LMU wave model (task {@code waves}) served over windows. A window runs as the Flink wave
 * operator runs a stream segment that consists of the window alone: through a {@link
 * ResampledDelineation} around the model's {@code StreamingDelineator}, from a zero state, frame by
 * frame, then Δ copies of the last frame so that every sample gets a label. A window at another
 * whole number of Hz than the model's is resampled to the model's rate first, and the waves and
 * labels are mapped back to the window's samples, as {@link ResampledDelineation} describes.
 *
 * <p>Every lead name of a window must name a model lead (compared as {@link LeadMap} compares them,
 * so {@code MLII} is lead II); model leads the window lacks are fed as zeros and get no output.
 */
final class WaveWindowModel extends LmuWindowModel {
    private final WaveResamplingFilters filters;

    WaveWindowModel(StreamingLmuModel model, ModelInfo info) {
        super(model, info);
        this.filters =
                new WaveResamplingFilters(model.metadata().samplingFrequencyHz(), info.name());
    }

    @Override
    public void check(Window window, String field) throws InvalidRequestException {
        filters.toModel(window.samplingFrequencyHz(), field + ".samplingFrequencyHz");
        int[] channelOfLead = channels(window.leads());
        boolean[] claimed = new boolean[window.leads().size()];
        for (int channel : channelOfLead) {
            if (channel >= 0) {
                claimed[channel] = true;
            }
        }
        for (int channel = 0; channel < claimed.length; channel++) {
            if (!claimed[channel]) {
                throw new InvalidRequestException(
                        field + ".leads[" + channel + "]",
                        "'" + window.leads().get(channel) + "'",
                        "a lead of model "
                                + info.name()
                                + " "
                                + model.metadata().leads()
                                + ", each at most once");
            }
        }
    }

    /**
     * Returns, for each model lead, the window lead it comes from, or −1. Lead names match only by
     * name: a blank first name is put before the window's leads so that {@link LeadMap}'s fallback
     * (channel 0 as lead II when no name matches) lands on it and not on a real lead.
     */
    private int[] channels(List<String> windowLeads) {
        List<String> names = new ArrayList<>(windowLeads.size() + 1);
        names.add("");
        names.addAll(windowLeads);
        LeadMap map = LeadMap.of(names, model.metadata().leads());
        int[] channelOfLead = new int[map.leads()];
        for (int lead = 0; lead < channelOfLead.length; lead++) {
            channelOfLead[lead] = map.channelOf(lead) - 1;
        }
        return channelOfLead;
    }

    @Override
    protected WindowResult run(Window window) {
        ModelMetadata metadata = model.metadata();
        int leads = model.network().leads();
        int[] channelOfLead = channels(window.leads());

        boolean[] present = new boolean[leads];
        int[] modelLeadOfChannel = new int[window.leads().size()];
        List<String> leadNames = new ArrayList<>(leads);
        for (int lead = 0; lead < leads; lead++) {
            int channel = channelOfLead[lead];
            present[lead] = channel >= 0;
            leadNames.add(channel < 0 ? null : window.leads().get(channel));
            if (channel >= 0) {
                modelLeadOfChannel[channel] = lead;
            }
        }
        ResamplingFilter filter;
        try {
            filter = filters.toModel(window.samplingFrequencyHz(), "samplingFrequencyHz");
        } catch (InvalidRequestException e) {
            throw new IllegalStateException("Window passed check() but " + e.getMessage(), e);
        }
        ResampledDelineation delineation =
                new ResampledDelineation(
                        filter,
                        model.newDelineator(WaveRules.DEFAULT, present),
                        modelLeadOfChannel,
                        leads);

        WindowResultBuilder result = new WindowResultBuilder(window);
        WaveWindowOutput output = new WaveWindowOutput(leadNames, metadata.classes(), result);
        double[][] samples = new double[window.leads().size()][window.length()];
        for (int channel = 0; channel < samples.length; channel++) {
            float[] values = window.samples()[channel];
            for (int i = 0; i < values.length; i++) {
                samples[channel][i] = values[i];
            }
        }
        delineation.accept(samples, window.length(), output);
        delineation.finish(output);
        output.finish();
        return result.build();
    }
}
