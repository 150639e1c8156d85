package org.medstream.model.medtsllm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The way MedTsLLM combines the channels of a multi-channel window (Chan et al. 2024,
 * "covariates"). Every mode normalises, patches and embeds each channel on its own with the same
 * patch embedding; they differ in where the channels meet.
 */
public enum CovariateMode {
    /**
     * The channels' patch embeddings of one patch position are concatenated (C · d_model wide)
     * before reprogramming, so the backbone receives one token per patch position. The paper's
     * default.
     */
    CONCATENATE("concatenate"),

    /**
     * Each channel's patches are reprogrammed on their own and the tokens are put in patch-major
     * order (patch 0 of every channel, then patch 1, …), so the backbone reads C times as many
     * patch tokens and the head C times as many hidden states.
     */
    INTERLEAVE("interleave"),

    /**
     * Each channel is reprogrammed on its own, and the tokens of one patch position are summed with
     * trained weights, a softmax over one value per channel that starts equal for every channel.
     */
    WEIGHTED_AVERAGE("weighted-average"),

    /** Each channel is reprogrammed on its own, and the tokens of one patch position averaged. */
    AVERAGE("average"),

    /**
     * Each channel runs through the whole network, backbone and head included, and the output
     * logits are averaged. Single-channel models written before covariates existed load as this.
     */
    INDEPENDENT("independent");

    private final String optionName;

    CovariateMode(String optionName) {
        this.optionName = optionName;
    }

    /** Name as {@code --covariates} and {@code model.json} write it. */
    @JsonValue
    public String optionName() {
        return optionName;
    }

    /**
     * Returns the mode named {@code name}.
     *
     * @param source where the name was read, such as {@code --covariates}, for the error
     * @throws IllegalArgumentException naming {@code source} and the value when no mode has that
     *     name
     */
    public static CovariateMode parse(String name, String source) {
        for (CovariateMode mode : values()) {
            if (mode.optionName.equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "Unknown covariate mode '"
                        + name
                        + "' in "
                        + source
                        + "; expected one of "
                        + String.join(", ", names()));
    }

    /** Names of all modes, in declaration order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (CovariateMode mode : values()) {
            names.add(mode.optionName);
        }
        return names;
    }

    @JsonCreator
    static CovariateMode fromJson(String name) {
        return parse(name, "network.covariates.mode");
    }
}
