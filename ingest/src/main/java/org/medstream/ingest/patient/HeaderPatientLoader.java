package org.medstream.ingest.patient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.wfdb.WfdbHeader;
import org.medstream.ingest.wfdb.WfdbSignalSpec;
import org.medstream.schemas.PatientContext;

/**
 * Loads the patient context of one WFDB record from the comment lines of its header. Three layouts
 * are read:
 *
 * <ul>
 *   <li>MIT-BIH: a line {@code <age> <sex> ...} such as {@code 69 M 1085 1629 x1} ({@code -1} or
 *       {@code ?} for an unknown age), then a line of comma-separated medications. Later lines are
 *       free-text notes and are not loaded.
 *   <li>LUDB: {@code <age>: 51}, {@code <sex>: F}, then {@code <diagnoses>:} followed by one
 *       diagnosis per line.
 *   <li>PTB: {@code age: 81}, {@code sex: female}, and diagnoses from the {@code Reason for
 *       admission} and {@code Additional diagnoses} lines.
 * </ul>
 *
 * <p>The stream id and patient id are the record name, and the lead placement comes from the signal
 * names ({@value PatientText#STANDARD_12_LEAD} when all 12 standard leads are present).
 */
public final class HeaderPatientLoader {
    private static final Pattern MITDB = Pattern.compile("^(-?\\d+|\\?)\\s+([MF?])(\\s.*)?$");
    private static final Pattern TAG = Pattern.compile("^<([^>]+)>\\s*:\\s*(.*)$");
    private static final Pattern KEY_VALUE =
            Pattern.compile("^([A-Za-z][A-Za-z ()]*?)\\s*:\\s*(.*)$");

    private HeaderPatientLoader() {}

    /**
     * Reads the header of {@code record}, given as a record path without extension or as its {@code
     * .hea} file.
     *
     * @param loadedAt time stamped on the context as {@code updatedAtMicros}
     * @return one context, or one error when the comments hold no patient information or an invalid
     *     age
     */
    public static PatientLoad load(Path record, Instant loadedAt) throws IOException {
        Path recordPath = RecordingFiles.recordPath(record);
        Path headerFile = recordPath.resolveSibling(recordPath.getFileName() + ".hea");
        WfdbHeader header = WfdbHeader.read(headerFile);
        String where = header.headerName() + " comments";

        Fields fields = new Fields();
        try {
            parse(header.comments(), fields);
        } catch (IllegalArgumentException e) {
            return new PatientLoad(List.of(), List.of(where + ": " + e.getMessage()));
        }
        if (fields.isEmpty()) {
            return new PatientLoad(
                    List.of(),
                    List.of(
                            where
                                    + ": no patient information found; expected an MIT-BIH line"
                                    + " '<age> <sex> ...', LUDB lines '<age>: 51' and '<sex>: F',"
                                    + " or 'age: 81' and 'sex: female'"));
        }

        List<String> signalNames = new ArrayList<>();
        for (WfdbSignalSpec signal : header.signals()) {
            signalNames.add(signal.description());
        }
        PatientContext context =
                PatientContext.newBuilder()
                        .setStreamId(header.recordName())
                        .setPatientId(header.recordName())
                        .setAgeYears(fields.age.isPresent() ? fields.age.getAsInt() : null)
                        .setSex(fields.sex.orElse(null))
                        .setDiagnoses(fields.diagnoses)
                        .setMedications(fields.medications)
                        .setLeadPlacement(PatientText.leadPlacement(signalNames).orElse(null))
                        .setSource(headerFile.toString())
                        .setUpdatedAtMicros(loadedAt)
                        .build();
        return new PatientLoad(List.of(context), List.of());
    }

    private static void parse(List<String> comments, Fields fields) {
        boolean inDiagnoses = false;
        boolean medicationsNext = false;
        for (String comment : comments) {
            String line = comment.strip();
            Matcher tag = TAG.matcher(line);
            Matcher mitdb = MITDB.matcher(line);
            Matcher keyValue = KEY_VALUE.matcher(line);
            if (tag.matches()) {
                String key = tag.group(1).strip().toLowerCase(Locale.ROOT);
                inDiagnoses = key.startsWith("diagnos");
                keyed(key, tag.group(2), fields);
            } else if (inDiagnoses) {
                PatientText.item(line).ifPresent(fields.diagnoses::add);
            } else if (medicationsNext) {
                medicationsNext = false;
                for (String medication : line.split(",")) {
                    PatientText.item(medication).ifPresent(fields.medications::add);
                }
            } else if (mitdb.matches() && fields.isEmpty()) {
                fields.age = PatientText.age(mitdb.group(1));
                fields.sex = PatientText.sex(mitdb.group(2));
                fields.found = true;
                medicationsNext = true;
            } else if (keyValue.matches()) {
                keyed(
                        keyValue.group(1).strip().toLowerCase(Locale.ROOT),
                        keyValue.group(2),
                        fields);
            }
        }
    }

    private static void keyed(String key, String value, Fields fields) {
        switch (key) {
            case "age" -> {
                fields.age = PatientText.age(value);
                fields.found = true;
            }
            case "sex", "gender" -> {
                fields.sex = PatientText.sex(value);
                fields.found = true;
            }
            case "reason for admission", "additional diagnoses", "diagnosis", "diagnoses", "dx" ->
                    PatientText.item(value).ifPresent(fields.diagnoses::add);
            default -> {
                // Other keys (ECG date, smoker, …) are not part of the patient context.
            }
        }
    }

    /** Fields collected from the comments. */
    private static final class Fields {
        OptionalInt age = OptionalInt.empty();
        Optional<String> sex = Optional.empty();
        final List<String> diagnoses = new ArrayList<>();
        final List<String> medications = new ArrayList<>();
        boolean found;

        boolean isEmpty() {
            return !found && diagnoses.isEmpty() && medications.isEmpty();
        }
    }
}
