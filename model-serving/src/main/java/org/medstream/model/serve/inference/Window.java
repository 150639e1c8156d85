package org.medstream.model.serve.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medstream.schemas.PatientContext;

/**
 * One window of one stream in an inference request: a stretch of samples of one or more leads, all
 * at one sampling frequency. Its results are indexed from 0, the window's first sample.
 *
 * @param streamId the stream (bed or device) the window comes from; echoed in the result
 * @param leads lead or channel names, one per row of {@code samples}
 * @param samplingFrequencyHz sampling frequency of every lead
 * @param samples one row per lead, in physical units (mV for ECG); all rows of equal length
 * @param warmupSamples number of leading samples run through the model but not reported, so that a
 *     stateful model settles from its zero state before results count
 * @param patient optional patient context (age, sex, …) as text fields; the LMU models do not read
 *     it
 */
public record Window(
        String streamId,
        List<String> leads,
        double samplingFrequencyHz,
        float[][] samples,
        int warmupSamples,
        Map<String, String> patient) {

    /** Name of the patient field that carries the care unit. */
    public static final String CARE_UNIT = "careUnit";

    public Window {
        // Null entries stay, so that the checks can name them.
        leads = leads == null ? null : Collections.unmodifiableList(new ArrayList<>(leads));
        patient =
                patient == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(patient));
    }

    /** Returns the number of samples per lead, 0 when the window has no leads. */
    public int length() {
        return samples == null || samples.length == 0 || samples[0] == null ? 0 : samples[0].length;
    }

    /**
     * Returns the patient text fields of {@code patient} as the server reads them: {@code age}
     * (whole years), {@code sex}, and {@code diagnoses} and {@code medications} with one item per
     * line, and {@code careUnit}. The server ignores the care unit, which the job's remote
     * operators read back to choose that unit's alarm limits. Unknown values are left out; a null
     * patient gives no fields.
     */
    public static Map<String, String> patientFields(PatientContext patient) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (patient == null) {
            return fields;
        }
        if (patient.getAgeYears() != null) {
            fields.put("age", patient.getAgeYears().toString());
        }
        if (patient.getSex() != null) {
            fields.put("sex", patient.getSex().toString());
        }
        if (!patient.getDiagnoses().isEmpty()) {
            fields.put("diagnoses", String.join("\n", patient.getDiagnoses()));
        }
        if (!patient.getMedications().isEmpty()) {
            fields.put("medications", String.join("\n", patient.getMedications()));
        }
        if (patient.getCareUnit() != null) {
            fields.put(CARE_UNIT, patient.getCareUnit().toString());
        }
        return fields;
    }
}
