package org.medstream.model.serve.inference;

import java.util.List;

/**
 * Description of a served model, from its {@code model.json}.
 *
 * @param name name in the server's URLs, the model directory's name
 * @param model model family, such as {@code lmu}
 * @param task task, such as {@code waves} or {@code beats}
 * @param medstreamVersion version of medstream that trained the model
 * @param classes class names in output order; the first is the background class ({@code none})
 * @param leads lead or channel names the model takes
 * @param samplingFrequencyHz sampling frequency the model runs at
 * @param delaySamples algorithmic delay Δ in samples at the model's rate
 * @param delayMillis Δ in milliseconds
 * @param thetaMillis LMU memory window θ in milliseconds
 * @param thetaSamples θ in samples
 * @param order LMU memory order d
 * @param parameterCount number of trained values
 * @param device device the model runs on, such as {@code cpu}
 */
public record ModelInfo(
        String name,
        String model,
        String task,
        String medstreamVersion,
        List<String> classes,
        List<String> leads,
        double samplingFrequencyHz,
        int delaySamples,
        double delayMillis,
        double thetaMillis,
        int thetaSamples,
        int order,
        long parameterCount,
        String device) {}
