package org.medstream.ingest.hl7;

/**
 * A field in an HL7 message, as written in error messages ({@code OBX[3]-5}) and in the ERR-2 error
 * location of a negative acknowledgement.
 *
 * @param segmentName segment name, for example {@code OBX}
 * @param segmentRepetition 1-based number of this segment among the segments of that name in the
 *     message
 * @param field 1-based field number, 0 for the whole segment
 */
public record FieldLocation(String segmentName, int segmentRepetition, int field) {

    static FieldLocation segment(String segmentName, int segmentRepetition) {
        return new FieldLocation(segmentName, segmentRepetition, 0);
    }

    static FieldLocation field(String segmentName, int segmentRepetition, int field) {
        return new FieldLocation(segmentName, segmentRepetition, field);
    }

    @Override
    public String toString() {
        String segment = segmentName + "[" + segmentRepetition + "]";
        return field > 0 ? segment + "-" + field : segment;
    }
}
