package org.medstream.ingest.edf;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The header of an EDF or EDF+ file: the 256-byte fixed part and one {@link EdfSignal} per signal.
 *
 * @param version version field, {@code 0} for EDF and EDF+
 * @param patient local patient identification, 80 characters, trailing blanks removed
 * @param recording local recording identification, 80 characters, trailing blanks removed
 * @param patientSubfields EDF+ subfields of {@code patient}; empty for EDF or when the field does
 *     not have the four EDF+ subfields
 * @param recordingSubfields EDF+ subfields of {@code recording}; empty for EDF or when the field
 *     does not start with {@code Startdate}
 * @param startDateTime local clock time of the header's start date and time; empty when the file
 *     marks them unknown ({@code Startdate X} with {@code 01.01.85 00.00.00})
 * @param headerBytes bytes in the header, 256 per signal plus 256
 * @param reserved reserved field: {@code EDF+C}, {@code EDF+D} or blank for EDF
 * @param dataRecordCount number of data records, -1 when the writer did not know it
 * @param recordDurationSeconds duration of one data record, 0 for files without ordinary signals
 * @param signals signal headers in file order, annotation signals included
 */
public record EdfHeader(
        String version,
        String patient,
        String recording,
        Optional<PatientSubfields> patientSubfields,
        Optional<RecordingSubfields> recordingSubfields,
        Optional<LocalDateTime> startDateTime,
        int headerBytes,
        String reserved,
        long dataRecordCount,
        double recordDurationSeconds,
        List<EdfSignal> signals) {
    public EdfHeader {
        signals = List.copyOf(signals);
    }

    /** True when the reserved field starts with {@code EDF+}. */
    public boolean isEdfPlus() {
        return reserved.startsWith("EDF+");
    }

    /** True for EDF+D, whose data records need not be contiguous in time. */
    public boolean isDiscontinuous() {
        return reserved.startsWith("EDF+D");
    }

    /** Bytes in one data record: two per sample of every signal. */
    public long recordBytes() {
        long samples = 0;
        for (EdfSignal signal : signals) {
            samples += signal.samplesPerRecord();
        }
        return 2 * samples;
    }

    /**
     * EDF+ patient identification subfields; {@code X} marks an unknown value.
     *
     * @param code hospital patient code
     * @param sex {@code F}, {@code M} or {@code X}
     * @param birthdate birth date as written, for example {@code 02-AUG-1951}
     * @param name patient name with blanks replaced by underscores
     * @param additional the rest of the field
     */
    public record PatientSubfields(
            String code, String sex, String birthdate, String name, String additional) {}

    /**
     * EDF+ recording identification subfields after the word {@code Startdate}; {@code X} marks an
     * unknown value.
     *
     * @param startdate start date as written, for example {@code 02-MAR-2002}
     * @param administrationCode hospital administration code of the investigation
     * @param technician code of the technician or investigator
     * @param equipment code of the equipment
     * @param additional the rest of the field
     */
    public record RecordingSubfields(
            String startdate,
            String administrationCode,
            String technician,
            String equipment,
            String additional) {}
}
