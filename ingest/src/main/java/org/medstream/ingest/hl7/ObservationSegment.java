package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.model.v26.segment.OBX;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The OBX fields the listener reads, copied out of HAPI's segment as plain strings.
 *
 * @param repetition 1-based number of this OBX among all OBX segments of the message
 * @param valueType OBX-2, for example NA or NM
 * @param identifier OBX-3.1, for example {@code 131329} or a plain label
 * @param text OBX-3.2, for example {@code MDC_ECG_ELEC_POTL_I}
 * @param subId OBX-4, the IHE PCD containment path such as {@code 1.1.1.1}; empty when absent
 * @param unitIdentifier OBX-6.1
 * @param unitText OBX-6.2
 * @param observationTime OBX-14, empty when absent
 * @param values OBX-5 as sent, one string per repetition, components still joined
 */
record ObservationSegment(
        int repetition,
        String valueType,
        String identifier,
        String text,
        String subId,
        String unitIdentifier,
        String unitText,
        String observationTime,
        List<String> values) {

    /**
     * Copies the fields of an OBX. OBX-5 comes from the segment's text, because HAPI drops trailing
     * empty components, which are missing samples here.
     *
     * @param rawValue OBX-5 exactly as sent
     */
    static ObservationSegment of(
            OBX obx, int repetition, String rawValue, EncodingCharacters encoding) {
        List<String> values =
                rawValue.isEmpty()
                        ? List.of()
                        : List.of(
                                rawValue.split(
                                        Pattern.quote(
                                                String.valueOf(encoding.getRepetitionSeparator())),
                                        -1));
        return new ObservationSegment(
                repetition,
                text(obx.getValueType().getValue()),
                text(obx.getObservationIdentifier().getIdentifier().getValue()),
                text(obx.getObservationIdentifier().getText().getValue()),
                text(obx.getObservationSubID().getValue()),
                text(obx.getUnits().getIdentifier().getValue()),
                text(obx.getUnits().getText().getValue()),
                text(obx.getDateTimeOfTheObservation().getValue()),
                values);
    }

    /** Returns the channel label: OBX-3.2 when present, else OBX-3.1. */
    String name() {
        return text.isEmpty() ? identifier : text;
    }

    FieldLocation field(int field) {
        return FieldLocation.field("OBX", repetition, field);
    }

    boolean hasValues() {
        return values.stream().anyMatch(value -> !value.isEmpty());
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
