package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.OBR;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import java.util.ArrayList;
import java.util.List;
import org.medstream.schemas.DeadLetterReason;

/**
 * Reads the waveform channels of an ORU^R01 message.
 *
 * <p>A waveform OBX has value type NA, or NM with a sampling rate attached. Its rate comes from a
 * rate attribute OBX (see {@link SamplingRates}) in the same OBR group, matched in this order:
 *
 * <ol>
 *   <li>by OBX-4: the rate applies to the waveform OBX whose OBX-4 equals the rate's OBX-4 or is
 *       its longest dot-separated prefix (the IHE PCD containment path, channel {@code 1.1.1.1}
 *       with its rate attribute at {@code 1.1.1.1.1}),
 *   <li>otherwise by position: the nearest waveform OBX before it that has no rate yet,
 *   <li>and a rate before any waveform OBX of its group applies to every waveform of the group that
 *       has no own rate.
 * </ol>
 *
 * <p>An NA OBX without a rate is an error. An NM OBX without a rate is a numeric observation (a
 * heart rate, for example) and is skipped.
 */
final class OruWaveformReader {
    private final Hl7Timestamps timestamps;
    private final double minSamplingFrequencyHz;
    private final double maxSamplingFrequencyHz;

    OruWaveformReader(MllpListenerOptions options) {
        this.timestamps = new Hl7Timestamps(options.defaultZone());
        this.minSamplingFrequencyHz = options.minSamplingFrequencyHz();
        this.maxSamplingFrequencyHz = options.maxSamplingFrequencyHz();
    }

    /**
     * Returns every waveform channel of the message, in message order.
     *
     * @param rawObservationValues OBX-5 of every OBX segment as sent, in message order
     * @throws Hl7Rejection if a field is missing or invalid, or the message has no waveform OBX
     */
    List<WaveformChannel> read(ORU_R01 message, List<String> rawObservationValues)
            throws Hl7Rejection, HL7Exception {
        EncodingCharacters encoding = EncodingCharacters.getInstance(message);
        String sender = StreamIds.sender(message.getMSH());
        List<WaveformChannel> channels = new ArrayList<>();
        int obxCount = 0;
        int obrCount = 0;

        for (int p = 0; p < message.getPATIENT_RESULTReps(); p++) {
            ORU_R01_PATIENT_RESULT result = message.getPATIENT_RESULT(p);
            obxCount += result.getPATIENT().getOBXReps();
            String bed =
                    StreamIds.bed(
                            result.getPATIENT().getVISIT().getPV1(),
                            result.getPATIENT().getPID(),
                            encoding,
                            p + 1);

            for (ORU_R01_ORDER_OBSERVATION order : result.getORDER_OBSERVATIONAll()) {
                obrCount++;
                List<ObservationSegment> segments = new ArrayList<>();
                for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
                    obxCount++;
                    if (obxCount > rawObservationValues.size()) {
                        throw misplacedObx(rawObservationValues.size());
                    }
                    segments.add(
                            ObservationSegment.of(
                                    observation.getOBX(),
                                    obxCount,
                                    rawObservationValues.get(obxCount - 1),
                                    encoding));
                }
                readGroup(
                        order.getOBR(),
                        obrCount,
                        segments,
                        sender + "/" + bed,
                        encoding.getComponentSeparator(),
                        channels);
            }
        }

        if (obxCount != rawObservationValues.size()) {
            throw misplacedObx(rawObservationValues.size());
        }
        if (channels.isEmpty()) {
            throw Hl7Rejection.error(
                    DeadLetterReason.MISSING_FIELD,
                    ErrorCode.REQUIRED_FIELD_MISSING,
                    null,
                    "Message contains no waveform OBX (value type NA, or NM with a sampling rate"
                            + " attribute); it has "
                            + obxCount
                            + " OBX segments");
        }
        return channels;
    }

    private void readGroup(
            OBR obr,
            int obrRepetition,
            List<ObservationSegment> segments,
            String streamPrefix,
            char componentSeparator,
            List<WaveformChannel> channels)
            throws Hl7Rejection {
        List<ObservationSegment> candidates = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        Double groupRate = null;

        for (ObservationSegment obx : segments) {
            if (SamplingRates.isRateAttribute(obx)) {
                double rateHz =
                        SamplingRates.rateHz(obx, minSamplingFrequencyHz, maxSamplingFrequencyHz);
                int target = rateTarget(obx, candidates, rates);
                if (target >= 0) {
                    rates.set(target, agree(rates.get(target), rateHz, obx));
                } else if (candidates.isEmpty()) {
                    groupRate = agree(groupRate, rateHz, obx);
                }
                // NOTE: a rate after the group's waveforms that matches none of them (all have a
                // rate already) is ignored, like any other attribute the listener does not use.
            } else if (obx.valueType().equals("NA") || obx.valueType().equals("NM")) {
                candidates.add(obx);
                rates.add(null);
            }
        }

        String obrStart = text(obr.getObservationDateTime().getValue());
        String obrEnd = text(obr.getObservationEndDateTime().getValue());
        for (int i = 0; i < candidates.size(); i++) {
            ObservationSegment obx = candidates.get(i);
            Double rateHz = rates.get(i) != null ? rates.get(i) : groupRate;
            if (rateHz == null && obx.valueType().equals("NM")) {
                continue;
            }
            if (rateHz == null) {
                throw Hl7Rejection.error(
                        DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                        ErrorCode.REQUIRED_FIELD_MISSING,
                        obx.field(3),
                        "Missing sampling rate for waveform "
                                + obx.name()
                                + " in "
                                + obx.field(3)
                                + "; add an OBX with "
                                + SamplingRates.SAMPLING_RATE
                                + " in OBX-3, the rate in OBX-5 and Hz in OBX-6 after it");
            }
            channels.add(
                    channel(
                            obx,
                            rateHz,
                            obrRepetition,
                            obrStart,
                            obrEnd,
                            streamPrefix,
                            componentSeparator));
        }
    }

    private WaveformChannel channel(
            ObservationSegment obx,
            double rateHz,
            int obrRepetition,
            String obrStart,
            String obrEnd,
            String streamPrefix,
            char componentSeparator)
            throws Hl7Rejection {
        if (obx.name().isEmpty()) {
            throw missing(obx.field(3), "Missing observation identifier in " + obx.field(3));
        }
        if (!obx.hasValues()) {
            throw missing(
                    obx.field(5), "Missing samples in " + obx.field(5) + " (" + obx.name() + ")");
        }
        String unit = WaveformUnits.normalize(obx.unitIdentifier(), obx.unitText(), obx.field(6));
        float[] samples = SampleValues.parse(obx, componentSeparator);

        long startMicros;
        if (!obx.observationTime().isEmpty()) {
            startMicros = timestamps.toEpochMicros(obx.observationTime(), obx.field(14));
        } else if (!obrStart.isEmpty()) {
            startMicros =
                    timestamps.toEpochMicros(
                            obrStart, FieldLocation.field("OBR", obrRepetition, 7));
        } else {
            throw missing(
                    obx.field(14),
                    "Missing observation time for waveform "
                            + obx.name()
                            + ": both "
                            + obx.field(14)
                            + " and OBR["
                            + obrRepetition
                            + "]-7 are empty");
        }
        long endMicros =
                obrEnd.isEmpty()
                        ? -1
                        : timestamps.toEpochMicros(
                                obrEnd, FieldLocation.field("OBR", obrRepetition, 8));

        String streamId = streamPrefix + "/" + StreamIds.rateLabel(rateHz);
        return new WaveformChannel(
                streamId,
                obx.name(),
                unit,
                rateHz,
                startMicros,
                endMicros,
                samples,
                FieldLocation.segment("OBX", obx.repetition()));
    }

    /**
     * Returns the index of the waveform candidate a rate attribute belongs to, or -1 when it is a
     * group default or matches nothing.
     */
    private static int rateTarget(
            ObservationSegment rate, List<ObservationSegment> candidates, List<Double> rates) {
        if (!rate.subId().isEmpty()) {
            int best = -1;
            for (int i = 0; i < candidates.size(); i++) {
                String subId = candidates.get(i).subId();
                boolean matches =
                        !subId.isEmpty()
                                && (rate.subId().equals(subId)
                                        || rate.subId().startsWith(subId + "."));
                if (matches
                        && (best < 0 || subId.length() > candidates.get(best).subId().length())) {
                    best = i;
                }
            }
            if (best >= 0) {
                return best;
            }
        }
        for (int i = candidates.size() - 1; i >= 0; i--) {
            if (rates.get(i) == null) {
                return i;
            }
        }
        return -1;
    }

    private static double agree(Double current, double rateHz, ObservationSegment obx)
            throws Hl7Rejection {
        if (current != null && current != rateHz) {
            throw Hl7Rejection.error(
                    DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                    ErrorCode.DATA_TYPE_ERROR,
                    obx.field(5),
                    "Conflicting sampling rates "
                            + current
                            + " Hz and "
                            + rateHz
                            + " Hz for the same waveform; the second is in "
                            + obx.field(5));
        }
        return rateHz;
    }

    private static Hl7Rejection misplacedObx(int sent) {
        return Hl7Rejection.error(
                DeadLetterReason.UNDECODABLE,
                ErrorCode.SEGMENT_SEQUENCE_ERROR,
                null,
                "Message has "
                        + sent
                        + " OBX segments, but not all of them follow a PID or an OBR; in an"
                        + " ORU^R01 each waveform OBX belongs after its OBR");
    }

    private static Hl7Rejection missing(FieldLocation location, String message) {
        return Hl7Rejection.error(
                DeadLetterReason.MISSING_FIELD,
                ErrorCode.REQUIRED_FIELD_MISSING,
                location,
                message);
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
