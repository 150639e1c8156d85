package org.medstream.model.serve.inference;

import java.util.List;

/**
 * Description of a served model, from its {@code model.json}. Fields of another family are null and
 * left out of the JSON.
 *
 * @param name name in the server's URLs, the model directory's name
 * @param model model family, such as {@code lmu} or {@code medtsllm}
 * @param task task, such as {@code waves} or {@code beats}
 * @param medstreamVersion version of medstream that trained the model
 * @param classes class names in output order; the first is the background class ({@code none})
 * @param leads lead or channel names the model takes; null for MedTsLLM, which takes any lead
 * @param samplingFrequencyHz sampling frequency the model runs at
 * @param delaySamples LMU: algorithmic delay Δ in samples at the model's rate
 * @param delayMillis LMU: Δ in milliseconds; MedTsLLM beats and breaths: the delay of the events
 * @param thetaMillis LMU: memory window θ in milliseconds
 * @param thetaSamples LMU: θ in samples
 * @param order LMU: memory order d
 * @param parameterCount number of trained values
 * @param device device the model runs on, such as {@code cpu} or {@code gpu:0}
 * @param backbone MedTsLLM: file name of the frozen language model
 * @param backboneSha256 MedTsLLM: SHA-256 of the backbone file, hex
 * @param promptParts MedTsLLM: prompt parts the model was trained with, in prompt order
 * @param windowSamples MedTsLLM: samples per model window
 * @param stepSamples MedTsLLM: step between the starts of the model windows a longer window is cut
 *     into
 */
public record ModelInfo(
        String name,
        String model,
        String task,
        String medstreamVersion,
        List<String> classes,
        List<String> leads,
        double samplingFrequencyHz,
        Integer delaySamples,
        Double delayMillis,
        Double thetaMillis,
        Integer thetaSamples,
        Integer order,
        long parameterCount,
        String device,
        String backbone,
        String backboneSha256,
        List<String> promptParts,
        Integer windowSamples,
        Integer stepSamples) {

    /** Creates the description of an LMU model. */
    public ModelInfo(
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
            String device) {
        this(
                name,
                model,
                task,
                medstreamVersion,
                classes,
                leads,
                samplingFrequencyHz,
                delaySamples,
                delayMillis,
                thetaMillis,
                thetaSamples,
                order,
                parameterCount,
                device,
                null,
                null,
                null,
                null,
                null);
    }
}
