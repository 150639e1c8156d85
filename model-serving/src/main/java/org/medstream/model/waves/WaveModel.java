package org.medstream.model.waves;

import java.util.List;
import org.medstream.model.artifact.StreamingModel;
import org.medstream.schemas.PatientContext;

/** A loaded wave segmentation model that delineates streams at its own sampling frequency. */
public interface WaveModel extends StreamingModel {

    /** Names of the leads the model takes, in model lead order. */
    List<String> leads();

    /**
     * Returns a delineator for one new stream at the model's sampling frequency.
     *
     * @param present for each model lead, whether the stream has it
     */
    Delineator newDelineator(WaveRules rules, boolean[] present);

    /**
     * Returns a delineator for one new stream of a known patient. Models that read no patient
     * context, such as the LMU models, return {@link #newDelineator(WaveRules, boolean[])}.
     *
     * @param patient the stream's patient, or null when unknown
     */
    default Delineator newDelineator(WaveRules rules, boolean[] present, PatientContext patient) {
        return newDelineator(rules, present);
    }
}
