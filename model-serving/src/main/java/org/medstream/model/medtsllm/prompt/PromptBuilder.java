package org.medstream.model.medtsllm.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medstream.model.llm.LlamaTokenizer;
import org.medstream.schemas.PatientContext;

/**
 * Builds the text prompt placed before a window's patch tokens, in two parts:
 *
 * <ul>
 *   <li>the prefix, the same for every window of one stream and task, so its keys and values can be
 *       cached: {@code Dataset: …}, {@code Patient information: {json}}, {@code Task: …};
 *   <li>the window part: {@code Input statistics: …} when switched on, then {@code Time series:}.
 * </ul>
 *
 * <p>The statistics follow the task here, not precede it, so that every part before them can be
 * cached.
 */
public final class PromptBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PromptParts parts;
    private final String datasetDescription;
    private final String taskDescription;

    /** Creates a builder of the given parts with the dataset and task descriptions. */
    public PromptBuilder(PromptParts parts, String datasetDescription, String taskDescription) {
        this.parts = parts;
        this.datasetDescription = datasetDescription;
        this.taskDescription = taskDescription;
    }

    public PromptParts parts() {
        return parts;
    }

    /**
     * Builds the prefix text; empty when the dataset, patient and task parts are all off.
     *
     * @param patient the monitored patient, or null when unknown, which gives {@code {}}
     */
    public String prefixText(PatientContext patient) {
        List<String> sentences = new ArrayList<>();
        if (parts.dataset()) {
            sentences.add("Dataset: " + datasetDescription);
        }
        if (parts.patient()) {
            sentences.add("Patient information: " + patientJson(patient));
        }
        if (parts.task()) {
            sentences.add("Task: " + taskDescription);
        }
        return String.join(" ", sentences);
    }

    /**
     * Builds the window part: the window's statistics when switched on, then {@code Time series:}.
     */
    public String windowText(float[] window) {
        if (parts.statistics()) {
            return InputStatistics.of(window).text() + " Time series:";
        }
        return "Time series:";
    }

    /** Token ids of the prefix: BOS, then the prefix text. Never empty. */
    public int[] prefixIds(LlamaTokenizer tokenizer, PatientContext patient) {
        int[] text = tokenizer.encode(prefixText(patient));
        int[] ids = new int[text.length + 1];
        ids[0] = tokenizer.bosId();
        System.arraycopy(text, 0, ids, 1, text.length);
        return ids;
    }

    /** Token ids of the window part. */
    public int[] windowIds(LlamaTokenizer tokenizer, float[] window) {
        return tokenizer.encode(windowText(window));
    }

    /**
     * Formats age, sex, diagnoses and medications as JSON, leaving out the unknown ones.
     *
     * @param patient null for an unknown patient
     */
    static String patientJson(PatientContext patient) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (patient != null) {
            if (patient.getAgeYears() != null) {
                fields.put("age", patient.getAgeYears());
            }
            if (patient.getSex() != null) {
                fields.put("sex", patient.getSex().toString());
            }
            if (!patient.getDiagnoses().isEmpty()) {
                fields.put("diagnoses", strings(patient.getDiagnoses()));
            }
            if (!patient.getMedications().isEmpty()) {
                fields.put("medications", strings(patient.getMedications()));
            }
        }
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Failed to write patient information as JSON", e);
        }
    }

    private static List<String> strings(List<? extends CharSequence> values) {
        List<String> strings = new ArrayList<>();
        for (CharSequence value : values) {
            strings.add(value.toString());
        }
        return strings;
    }
}
