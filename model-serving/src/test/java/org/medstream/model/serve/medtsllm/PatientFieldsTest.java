package org.medstream.model.serve.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.model.serve.inference.Window;
import org.medstream.schemas.PatientContext;

class PatientFieldsTest {
    @Test
    void clientFieldsReadBackAsSameContext() throws Exception {
        PatientContext patient =
                PatientContext.newBuilder()
                        .setStreamId("bed-7")
                        .setAgeYears(64)
                        .setSex("M")
                        .setDiagnoses(List.of("Rhythm: Sinus rhythm.", "Ischemia; inferior wall"))
                        .setMedications(List.of("Digoxin"))
                        .setSource("ludb.csv")
                        .setUpdatedAtMicros(Instant.EPOCH)
                        .build();

        PatientContext read =
                PatientFields.parse(Window.patientFields(patient), "bed-7", "windows[0].patient");

        assertThat(read.getAgeYears()).isEqualTo(64);
        assertThat(read.getSex()).isEqualTo("M");
        assertThat(read.getMedications()).containsExactly("Digoxin");
        // A diagnosis with a semicolon splits in two, because the server also splits at ';'.
        assertThat(read.getDiagnoses())
                .containsExactly("Rhythm: Sinus rhythm.", "Ischemia", "inferior wall");
    }

    @Test
    void noPatientNoFields() throws Exception {
        assertThat(Window.patientFields(null)).isEmpty();
        assertThat(PatientFields.parse(Window.patientFields(null), "bed-7", "patient")).isNull();
    }
}
