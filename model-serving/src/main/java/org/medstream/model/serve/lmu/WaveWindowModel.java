package org.medstream.model.serve.lmu;

import java.util.ArrayList;
import java.util.List;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.leads.LeadMap;
import org.medstream.model.lmu.streaming.StreamState;
import org.medstream.model.lmu.streaming.StreamingLmuNetwork;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.ModelInfo;
import org.medstream.model.serve.inference.WaveLeadOutput;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowResult;
import org.medstream.model.serve.inference.WindowResultBuilder;

/**
 * The LMU wave model (task {@code waves}) served over windows. A window runs as {@code
 * StreamingDelineator} runs a stream that consists of the window alone: from a zero state, frame by
 * frame, then Δ copies of the last frame so that every sample gets a label, with one {@link
 * WaveLeadOutput} (the wave assembler) per lead. The loop is written out here because the response
 * also carries each lead's most likely class per sample, which the delineator does not expose.
 *
 * <p>Every lead name of a window must name a model lead (compared as {@link LeadMap} compares them,
 * so {@code MLII} is lead II); model leads the window lacks are fed as zeros and get no output. The
 * window must be at the model's sampling frequency.
 */
final class WaveWindowModel extends LmuWindowModel {
    WaveWindowModel(StreamingLmuModel model, ModelInfo info) {
        super(model, info);
    }

    @Override
    public void check(Window window, String field) throws InvalidRequestException {
        double modelHz = model.metadata().samplingFrequencyHz();
        if (window.samplingFrequencyHz() != modelHz) {
            // TODO: resample each lead as the Flink wave operator does, then map waves back.
            throw new InvalidRequestException(
                    field + ".samplingFrequencyHz",
                    window.samplingFrequencyHz(),
                    modelHz + " Hz, the rate of model " + info.name() + " (no resampling yet)");
        }
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
        StreamingLmuNetwork network = model.network();
        int leads = network.leads();
        int delay = metadata.delaySamples();
        int length = window.length();
        int[] channelOfLead = channels(window.leads());

        WindowResultBuilder result = new WindowResultBuilder(window);
        WaveLeadOutput[] outputs = new WaveLeadOutput[leads];
        for (int lead = 0; lead < leads; lead++) {
            if (channelOfLead[lead] >= 0) {
                outputs[lead] =
                        new WaveLeadOutput(
                                window.leads().get(channelOfLead[lead]),
                                metadata.classes(),
                                metadata.samplingFrequencyHz(),
                                result);
            }
        }

        StreamState state = network.newState();
        float[] frame = new float[leads];
        float[] logits = new float[network.outputs()];
        for (int t = 0; t < length + delay; t++) {
            int input = Math.min(t, length - 1);
            for (int lead = 0; lead < leads; lead++) {
                int channel = channelOfLead[lead];
                frame[lead] = channel < 0 ? 0f : window.samples()[channel][input];
            }
            network.step(state, frame, logits);
            int labelled = t - delay;
            if (labelled < 0 || labelled >= length) {
                continue;
            }
            for (int lead = 0; lead < leads; lead++) {
                if (outputs[lead] != null) {
                    float value = window.samples()[channelOfLead[lead]][labelled];
                    outputs[lead].accept(labelled, network.mostLikely(logits, lead), value);
                }
            }
        }
        for (WaveLeadOutput output : outputs) {
            if (output != null) {
                output.finish();
            }
        }
        return result.build();
    }
}
