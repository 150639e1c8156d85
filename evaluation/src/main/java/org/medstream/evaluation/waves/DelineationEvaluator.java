package org.medstream.evaluation.waves;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medstream.evaluation.matching.FiducialScore;

/**
 * Scores wave delineation the way LUDB results are reported: for each onset and offset of P, QRS
 * and T, a reference point is detected when a test point of the same kind lies within the tolerance
 * (150 ms), matched one to one, nearest pairs first. Only the annotated span of each lead counts:
 * from its first reference onset to its last reference offset. A test point up to the tolerance
 * outside it may still match a reference point inside. An unmatched one there is not false, because
 * the annotators left the waves at the record's edges out, such as the P wave just before the first
 * annotated QRS complex. The same span gives the sample-by-sample confusion of the labels none, P,
 * QRS and T.
 */
public final class DelineationEvaluator {
    /** The tolerance of the LUDB delineation protocol, in ms. */
    public static final double DEFAULT_TOLERANCE_MILLIS = 150;

    private final double toleranceMillis;

    public DelineationEvaluator(double toleranceMillis) {
        if (!(toleranceMillis > 0)) {
            throw new IllegalArgumentException(
                    "Invalid tolerance " + toleranceMillis + " ms; give a positive value");
        }
        this.toleranceMillis = toleranceMillis;
    }

    public DelineationEvaluator() {
        this(DEFAULT_TOLERANCE_MILLIS);
    }

    /** Scores {@code leads} in total and per record, records in the order they first appear. */
    public DelineationResult evaluate(List<LeadScoreInput> leads) {
        Map<String, List<LeadScoreInput>> byRecord = new LinkedHashMap<>();
        for (LeadScoreInput lead : leads) {
            if (!lead.reference().isEmpty()) {
                byRecord.computeIfAbsent(lead.record(), name -> new ArrayList<>()).add(lead);
            }
        }
        List<RecordDelineation> records = new ArrayList<>();
        for (Map.Entry<String, List<LeadScoreInput>> entry : byRecord.entrySet()) {
            records.add(evaluateRecord(entry.getKey(), entry.getValue()));
        }

        Map<Fiducial, FiducialScore> scores = emptyScores();
        SampleConfusion confusion = new SampleConfusion();
        int scoredLeads = 0;
        for (RecordDelineation record : records) {
            scoredLeads += record.leads();
            record.fiducials()
                    .forEach(
                            (fiducial, score) ->
                                    scores.merge(fiducial, score, FiducialScore::plus));
            confusion.addAll(record.samples());
        }
        return new DelineationResult(toleranceMillis, scoredLeads, scores, confusion, records);
    }

    private RecordDelineation evaluateRecord(String record, List<LeadScoreInput> leads) {
        Map<Fiducial, FiducialScore> scores = emptyScores();
        SampleConfusion confusion = new SampleConfusion();
        for (LeadScoreInput lead : leads) {
            for (Fiducial fiducial : Fiducial.values()) {
                scores.merge(fiducial, score(lead, fiducial), FiducialScore::plus);
            }
            confusion.addAll(confusion(lead));
        }
        return new RecordDelineation(record, leads.size(), scores, confusion);
    }

    private static Map<Fiducial, FiducialScore> emptyScores() {
        Map<Fiducial, FiducialScore> scores = new EnumMap<>(Fiducial.class);
        for (Fiducial fiducial : Fiducial.values()) {
            scores.put(fiducial, FiducialScore.EMPTY);
        }
        return scores;
    }

    private FiducialScore score(LeadScoreInput lead, Fiducial fiducial) {
        double fs = lead.samplingFrequencyHz();
        long tolerance = (long) Math.floor(toleranceMillis * fs / 1000.0);
        long spanStart = spanStart(lead.reference());
        long spanEnd = spanEnd(lead.reference());
        List<Long> reference = points(lead.reference(), fiducial, Long.MIN_VALUE, Long.MAX_VALUE);
        List<Long> test = points(lead.test(), fiducial, spanStart - tolerance, spanEnd + tolerance);

        return FiducialScore.of(
                reference, test, tolerance, fs, sample -> sample >= spanStart && sample <= spanEnd);
    }

    private static SampleConfusion confusion(LeadScoreInput lead) {
        long start = spanStart(lead.reference());
        long end = spanEnd(lead.reference());
        int[] reference = labels(lead.reference(), start, end);
        int[] test = labels(lead.test(), start, end);
        SampleConfusion confusion = new SampleConfusion();
        for (int i = 0; i < reference.length; i++) {
            confusion.add(reference[i], test[i]);
        }
        return confusion;
    }

    /** Labels samples {@code start..end} (inclusive): 0 none, then P, QRS and T in kind order. */
    private static int[] labels(List<Wave> waves, long start, long end) {
        int[] labels = new int[(int) (end - start + 1)];
        for (Wave wave : waves) {
            long from = Math.max(start, wave.onset());
            long to = Math.min(end, wave.offset());
            for (long sample = from; sample <= to; sample++) {
                labels[(int) (sample - start)] = wave.kind().ordinal() + 1;
            }
        }
        return labels;
    }

    private static List<Long> points(List<Wave> waves, Fiducial fiducial, long from, long to) {
        List<Long> points = new ArrayList<>();
        for (Wave wave : waves) {
            long sample = wave.sample(fiducial);
            if (wave.kind() == fiducial.kind() && sample >= from && sample <= to) {
                points.add(sample);
            }
        }
        return points;
    }

    private static long spanStart(List<Wave> waves) {
        return waves.stream().mapToLong(Wave::onset).min().orElseThrow();
    }

    private static long spanEnd(List<Wave> waves) {
        return waves.stream().mapToLong(Wave::offset).max().orElseThrow();
    }
}
