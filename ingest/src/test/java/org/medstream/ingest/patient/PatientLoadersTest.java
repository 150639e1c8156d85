package org.medstream.ingest.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.schemas.PatientContext;

class PatientLoadersTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Instant LOADED_AT = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir Path directory;

    private static Map<String, PatientContext> byStreamId(PatientLoad load) {
        return load.contexts().stream()
                .collect(Collectors.toMap(PatientContext::getStreamId, Function.identity()));
    }

    @Test
    void ludbTableLoadsEveryRow() throws IOException {
        PatientLoad load = PatientFiles.load(DATA.resolve("ludb/ludb.csv"), LOADED_AT);

        assertThat(load.errors()).isEmpty();
        assertThat(load.contexts()).hasSize(160);
    }

    @Test
    void ludbRecordOne() throws IOException {
        PatientContext context =
                byStreamId(PatientFiles.load(DATA.resolve("ludb/ludb.csv"), LOADED_AT)).get("1");

        assertThat(context.getPatientId()).isEqualTo("1");
        assertThat(context.getAgeYears()).isEqualTo(51);
        assertThat(context.getSex()).isEqualTo("F");
        assertThat(context.getDiagnoses())
                .containsExactly(
                        "Rhythm: Sinus bradycardia",
                        "Electric axis of the heart: left axis deviation",
                        "Left ventricular overload",
                        "Left ventricular hypertrophy",
                        "Non-specific repolarization abnormalities: posterior wall");
        assertThat(context.getMedications()).isEmpty();
        assertThat(context.getLeadPlacement()).isEqualTo("standard 12-lead");
        assertThat(context.getUpdatedAtMicros()).isEqualTo(LOADED_AT);
        assertThat(context.getSource()).endsWith("ludb.csv");
    }

    @Test
    void ludbCappedAgeGivesCap() throws IOException {
        PatientLoad load = PatientFiles.load(DATA.resolve("ludb/ludb.csv"), LOADED_AT);

        assertThat(load.contexts())
                .filteredOn(context -> Integer.valueOf(89).equals(context.getAgeYears()))
                .isNotEmpty();
    }

    @Test
    void ludbHeaderMatchesTable() throws IOException {
        PatientContext fromTable =
                byStreamId(PatientFiles.load(DATA.resolve("ludb/ludb.csv"), LOADED_AT)).get("1");
        PatientContext fromHeader =
                PatientFiles.load(DATA.resolve("ludb/1.hea"), LOADED_AT).contexts().get(0);

        assertThat(fromHeader.getStreamId()).isEqualTo("1");
        assertThat(fromHeader.getAgeYears()).isEqualTo(fromTable.getAgeYears());
        assertThat(fromHeader.getSex()).isEqualTo(fromTable.getSex());
        assertThat(fromHeader.getDiagnoses())
                .containsExactlyInAnyOrderElementsOf(fromTable.getDiagnoses());
        assertThat(fromHeader.getLeadPlacement()).isEqualTo("standard 12-lead");
    }

    @Test
    void badRowsSkippedAndReported() throws IOException {
        Path table = directory.resolve("patients.csv");
        Files.writeString(
                table,
                "ID,Sex,Age,Rhythms\n"
                        + "1,M,64,Sinus rhythm\n"
                        + "2,F,abc,Sinus rhythm\n"
                        + ",F,40,\n"
                        + "1,F,50,\n"
                        + "3,F,200,\n"
                        + "4,M,\n"
                        + "5,\"F\n\",\">89\n\",\"Atrial fibrillation\nSinus rhythm\"\n");

        PatientLoad load = PatientFiles.load(table, LOADED_AT);

        assertThat(load.contexts())
                .extracting(PatientContext::getStreamId)
                .containsExactly("1", "5");
        assertThat(load.errors())
                .containsExactly(
                        "patients.csv row 2 (ID 2), column Age: invalid age 'abc'; expected whole"
                                + " years, or '>89' for a capped age",
                        "patients.csv row 3, column ID: missing ID",
                        "patients.csv row 4 (ID 1), column ID: repeated ID '1'; the row is skipped",
                        "patients.csv row 5 (ID 3), column Age: invalid age '200'; expected 0 to"
                                + " 130 years",
                        "patients.csv row 6: has 3 cells, but the header has 4 columns");
        PatientContext five = load.contexts().get(1);
        assertThat(five.getAgeYears()).isEqualTo(89);
        assertThat(five.getDiagnoses())
                .containsExactly("Rhythm: Atrial fibrillation", "Rhythm: Sinus rhythm");
    }

    @Test
    void tableWithoutPatientColumnsFails() throws IOException {
        Path table = directory.resolve("other.csv");
        Files.writeString(table, "time,II\n0,1\n");

        assertThatThrownBy(() -> PatientFiles.load(table, LOADED_AT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("expected a patient table with a streamId column, or with")
                .hasMessageContaining("got columns time, II");
    }

    @Test
    void schemaNamedTable() throws IOException {
        Path table = directory.resolve("beds.csv");
        Files.writeString(
                table,
                "streamId,patientId,ageYears,sex,diagnoses,medications,leadPlacement,careUnit,"
                        + "ward\n"
                        + "bed-1,p-17,72,female,Atrial fibrillation; Hypertension,Digoxin,"
                        + "\"5-lead, modified lead II\",CCU,ICU\n"
                        + "bed-2,,,,,,,,ICU\n"
                        + "bed-3,,seventy,,,,,,ICU\n"
                        + ",,,,,,,,ICU\n");

        PatientLoad load = PatientFiles.load(table, LOADED_AT);

        assertThat(load.contexts())
                .extracting(PatientContext::getStreamId)
                .containsExactly("bed-1", "bed-2");
        PatientContext first = load.contexts().get(0);
        assertThat(first.getPatientId()).isEqualTo("p-17");
        assertThat(first.getAgeYears()).isEqualTo(72);
        assertThat(first.getSex()).isEqualTo("F");
        assertThat(first.getDiagnoses()).containsExactly("Atrial fibrillation", "Hypertension");
        assertThat(first.getMedications()).containsExactly("Digoxin");
        assertThat(first.getLeadPlacement()).isEqualTo("5-lead, modified lead II");
        assertThat(first.getCareUnit()).isEqualTo("CCU");
        PatientContext second = load.contexts().get(1);
        assertThat(second.getCareUnit()).isNull();
        assertThat(second.getPatientId()).isNull();
        assertThat(second.getAgeYears()).isNull();
        assertThat(second.getDiagnoses()).isEmpty();
        assertThat(load.errors())
                .containsExactly(
                        "beds.csv row 3 (streamId bed-3), column ageYears: invalid age 'seventy';"
                                + " expected whole years, or '>89' for a capped age",
                        "beds.csv row 4, column streamId: missing stream id");
    }

    @Test
    void mitdbHeaderWithMedications() throws IOException {
        PatientContext context =
                PatientFiles.load(DATA.resolve("mitdb/100"), LOADED_AT).contexts().get(0);

        assertThat(context.getStreamId()).isEqualTo("100");
        assertThat(context.getAgeYears()).isEqualTo(69);
        assertThat(context.getSex()).isEqualTo("M");
        assertThat(context.getMedications()).containsExactly("Aldomet", "Inderal");
        assertThat(context.getDiagnoses()).isEmpty();
        assertThat(context.getLeadPlacement()).isEqualTo("MLII, V5");
    }

    @Test
    void mitdbUnknownAge() throws IOException {
        PatientContext context =
                PatientFiles.load(DATA.resolve("mitdb/103.hea"), LOADED_AT).contexts().get(0);

        assertThat(context.getAgeYears()).isNull();
        assertThat(context.getSex()).isEqualTo("M");
        assertThat(context.getMedications()).containsExactly("Diapres", "Xyloprim");
    }

    @Test
    void mitdbNoMedications() throws IOException {
        PatientContext context =
                PatientFiles.load(DATA.resolve("mitdb/208"), LOADED_AT).contexts().get(0);

        assertThat(context.getAgeYears()).isEqualTo(23);
        assertThat(context.getSex()).isEqualTo("F");
        assertThat(context.getMedications()).isEmpty();
    }

    @Test
    void ptbStyleHeader() throws IOException {
        Path header = directory.resolve("s0010.hea");
        Files.writeString(
                header,
                "s0010 1 1000 10\n"
                        + "s0010.dat 16 2000/mV 16 0 0 0 0 i\n"
                        + "# age: 81\n"
                        + "# sex: female\n"
                        + "# Diagnose:\n"
                        + "# Reason for admission: Myocardial infarction\n"
                        + "# Additional diagnoses: Diabetes mellitus\n"
                        + "# Smoker: no\n");

        PatientContext context = PatientFiles.load(header, LOADED_AT).contexts().get(0);

        assertThat(context.getAgeYears()).isEqualTo(81);
        assertThat(context.getSex()).isEqualTo("F");
        assertThat(context.getDiagnoses())
                .containsExactly("Myocardial infarction", "Diabetes mellitus");
        assertThat(context.getLeadPlacement()).isEqualTo("i");
    }

    @Test
    void headerWithoutPatientInformation() throws IOException {
        Path header = directory.resolve("rec.hea");
        Files.writeString(header, "rec 1 360 10\nrec.dat 212 200 11 1024 0 0 0 MLII\n# a note\n");

        PatientLoad load = PatientFiles.load(header, LOADED_AT);

        assertThat(load.contexts()).isEmpty();
        assertThat(load.errors())
                .singleElement()
                .asString()
                .startsWith("rec.hea comments: no patient information found");
    }

    @Test
    void headerWithInvalidAge() throws IOException {
        Path header = directory.resolve("rec.hea");
        Files.writeString(
                header, "rec 1 360 10\nrec.dat 212 200 11 1024 0 0 0 MLII\n# <age>: old\n");

        assertThat(PatientFiles.load(header, LOADED_AT).errors())
                .containsExactly(
                        "rec.hea comments: invalid age 'old'; expected whole years, or '>89' for a capped age");
    }

    @Test
    void missingRecordFails() {
        assertThatThrownBy(() -> PatientFiles.load(directory.resolve("absent"), LOADED_AT))
                .hasMessageContaining("absent.hea");
    }
}
