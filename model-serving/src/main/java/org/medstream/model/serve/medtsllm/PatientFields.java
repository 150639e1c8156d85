package org.medstream.model.serve.medtsllm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.schemas.PatientContext;

/**
 * Reads the {@code patient} text fields of a request window into the {@link PatientContext} that
 * the MedTsLLM prompt builder writes as the prompt's patient JSON. Fields read: {@code age} (whole
 * years), {@code sex} ({@code M}, {@code F}, {@code male}, {@code female} in any case become M or
 * F, other text is kept), {@code diagnoses} and {@code medications} (items separated by {@code ;}
 * or line breaks). Other fields are ignored.
 */
final class PatientFields {
    /** Largest age accepted, in years. */
    static final int MAX_AGE_YEARS = 130;

    private PatientFields() {}

    /**
     * Returns the patient of a window, or null when none of the fields read is present, which the
     * prompt writes as {@code {}}.
     *
     * @param field path of the window's patient in the request, such as {@code windows[0].patient}
     * @throws InvalidRequestException when the age is not a whole number of years in [0, 130]
     */
    static PatientContext parse(Map<String, String> fields, String streamId, String field)
            throws InvalidRequestException {
        Integer age = age(fields.get("age"), field + ".age");
        String sex = sex(fields.get("sex"));
        List<String> diagnoses = items(fields.get("diagnoses"));
        List<String> medications = items(fields.get("medications"));
        if (age == null && sex == null && diagnoses.isEmpty() && medications.isEmpty()) {
            return null;
        }
        return PatientContext.newBuilder()
                .setStreamId(streamId)
                .setAgeYears(age)
                .setSex(sex)
                .setDiagnoses(diagnoses)
                .setMedications(medications)
                .setSource("inference request")
                .setUpdatedAtMicros(Instant.EPOCH)
                .build();
    }

    private static Integer age(String text, String field) throws InvalidRequestException {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int age = Integer.parseInt(text.strip());
            if (age >= 0 && age <= MAX_AGE_YEARS) {
                return age;
            }
        } catch (NumberFormatException e) {
            // Reported below with the text.
        }
        throw new InvalidRequestException(
                field, "'" + text + "'", "a whole number of years from 0 to " + MAX_AGE_YEARS);
    }

    private static String sex(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "m", "male" -> "M";
            case "f", "female" -> "F";
            default -> value;
        };
    }

    private static List<String> items(String text) {
        List<String> items = new ArrayList<>();
        if (text == null) {
            return items;
        }
        for (String item : text.split("[;\\r\\n]+")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }
}
