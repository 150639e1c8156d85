package org.medstream.model.medtsllm.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.model.llm.LlamaTokenizer;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.llm.gguf.GgufFile;
import org.medstream.schemas.PatientContext;

class PromptBuilderTest {
    private static final String DATASET = "LUDB, 12-lead ECG at 500 Hz.";
    private static final String TASK = "Label P, QRS, T.";
    private static final String PATIENT_JSON =
            "{\"age\":51,\"sex\":\"F\",\"diagnoses\":[\"Rhythm: Sinus rhythm.\"]}";

    private static LlamaTokenizer tokenizer;

    @BeforeAll
    static void loadTokenizer() throws IOException {
        tokenizer = LlamaTokenizer.fromGguf(GgufFile.open(Stories260K.GGUF));
    }

    @Test
    void everyPartOn() {
        PromptBuilder builder = new PromptBuilder(PromptParts.ALL, DATASET, TASK);

        assertThat(builder.prefixText(patient()))
                .isEqualTo(
                        "Dataset: "
                                + DATASET
                                + " Patient information: "
                                + PATIENT_JSON
                                + " Task: "
                                + TASK);
        assertThat(builder.windowText(ramp()))
                .isEqualTo(
                        "Input statistics: min -1.729, max 1.729, median 0.000, trend upward, no"
                                + " autocorrelation peak. Time series:");
    }

    @Test
    void eachPartAlone() {
        assertThat(prefix(new PromptParts(true, false, false, false)))
                .isEqualTo("Dataset: " + DATASET);
        assertThat(prefix(new PromptParts(false, true, false, false)))
                .isEqualTo("Patient information: " + PATIENT_JSON);
        assertThat(prefix(new PromptParts(false, false, true, false))).isEqualTo("Task: " + TASK);
        assertThat(prefix(new PromptParts(false, false, false, true))).isEmpty();
    }

    @Test
    void statisticsOffLeavesTimeSeries() {
        PromptBuilder builder = new PromptBuilder(PromptParts.parse("dataset,task"), DATASET, TASK);

        assertThat(builder.windowText(ramp())).isEqualTo("Time series:");
    }

    @Test
    void tokenCountsFollowParts() {
        PromptBuilder none = new PromptBuilder(PromptParts.NONE, DATASET, TASK);
        PromptBuilder datasetOnly = new PromptBuilder(PromptParts.parse("dataset"), DATASET, TASK);
        PromptBuilder all = new PromptBuilder(PromptParts.ALL, DATASET, TASK);

        int[] bosOnly = none.prefixIds(tokenizer, patient());
        int[] dataset = datasetOnly.prefixIds(tokenizer, patient());
        int[] every = all.prefixIds(tokenizer, patient());

        assertThat(bosOnly).containsExactly(tokenizer.bosId());
        assertThat(dataset).hasSize(1 + tokenizer.encode("Dataset: " + DATASET).length);
        assertThat(dataset[0]).isEqualTo(tokenizer.bosId());
        assertThat(every).hasSize(1 + tokenizer.encode(all.prefixText(patient())).length);
        assertThat(every.length).isGreaterThan(dataset.length);
        assertThat(none.windowIds(tokenizer, ramp()))
                .containsExactly(tokenizer.encode("Time series:"));
        assertThat(all.windowIds(tokenizer, ramp()).length)
                .isGreaterThan(none.windowIds(tokenizer, ramp()).length);
        assertThat(tokenizer.decode(every)).isEqualTo(all.prefixText(patient()));
    }

    @Test
    void unknownPatientIsEmptyJson() {
        PromptBuilder builder = new PromptBuilder(PromptParts.parse("patient"), DATASET, TASK);

        assertThat(builder.prefixText(null)).isEqualTo("Patient information: {}");
    }

    @Test
    void partsParseAndName() {
        assertThat(PromptParts.parse("task, dataset").names()).containsExactly("dataset", "task");
        assertThat(PromptParts.parse("none").names()).isEmpty();
        assertThat(PromptParts.ALL.names()).isEqualTo(PromptParts.NAMES);
        assertThatThrownBy(() -> PromptParts.parse("dataset,age"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown prompt part 'age' in 'dataset,age'; expected a comma-separated"
                                + " list of [dataset, patient, task, statistics], or none");
    }

    @Test
    void statisticsOfSine() {
        float[] window = new float[512];
        for (int t = 0; t < window.length; t++) {
            window[t] = (float) Math.sin(2 * Math.PI * t / 64);
        }

        InputStatistics statistics = InputStatistics.of(window);

        assertThat(statistics.topLags()).containsExactly(64, 128, 192, 256, 320);
        assertThat(statistics.max()).isGreaterThan(1.4).isLessThan(1.42);
    }

    private static String prefix(PromptParts parts) {
        return new PromptBuilder(parts, DATASET, TASK).prefixText(patient());
    }

    /** 0 … 511: normalised min and max ±255.5 / 147.8, median 0, upward, no periodicity. */
    private static float[] ramp() {
        float[] window = new float[512];
        for (int t = 0; t < window.length; t++) {
            window[t] = t;
        }
        return window;
    }

    private static PatientContext patient() {
        return PatientContext.newBuilder()
                .setStreamId("1")
                .setPatientId("1")
                .setAgeYears(51)
                .setSex("F")
                .setDiagnoses(List.of("Rhythm: Sinus rhythm."))
                .setMedications(List.of())
                .setSource("test")
                .setUpdatedAtMicros(Instant.EPOCH)
                .build();
    }
}
