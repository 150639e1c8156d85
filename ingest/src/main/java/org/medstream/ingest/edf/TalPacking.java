package org.medstream.ingest.edf;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.wfdb.Annotation;

/**
 * The bytes of the {@code EDF Annotations} signal in each data record that {@link EdfWriter}
 * writes: the record's time-keeping TAL, then annotation TALs. Each annotation goes into the data
 * record that contains its onset, or into a later one when that record is full. The signal's size
 * is the smallest that fits every annotation this way, starting from the largest time-keeping TAL
 * plus the largest annotation TAL and growing by half.
 *
 * @param samplesPerRecord samples (two bytes each) of the annotation signal per data record
 * @param records TAL bytes of each data record, at most {@code 2 * samplesPerRecord} long
 */
record TalPacking(int samplesPerRecord, List<byte[]> records) {

    static TalPacking pack(
            List<Long> recordFrames,
            int framesPerRecord,
            double frequency,
            BigDecimal startFraction,
            List<Annotation> annotations) {
        int recordCount = recordFrames.size();
        byte[][] timeKeeping = new byte[recordCount][];
        int capacity = 0;
        for (int r = 0; r < recordCount; r++) {
            BigDecimal onset = EdfWriter.onset(recordFrames.get(r), frequency, startFraction);
            timeKeeping[r] = new Tal(onset, Optional.empty(), List.of("")).encode();
            capacity = Math.max(capacity, timeKeeping[r].length);
        }

        List<Annotation> sorted = new ArrayList<>(annotations);
        sorted.sort(Comparator.comparingLong(Annotation::sample));
        byte[][] tals = new byte[sorted.size()][];
        int[] homes = new int[sorted.size()];
        int largest = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Annotation annotation = sorted.get(i);
            BigDecimal onset = EdfWriter.onset(annotation.sample(), frequency, startFraction);
            tals[i] =
                    new Tal(onset, Optional.empty(), List.of(AnnotationTexts.toText(annotation)))
                            .encode();
            homes[i] = homeRecord(recordFrames, framesPerRecord, annotation.sample());
            largest = Math.max(largest, tals[i].length);
        }

        capacity += largest;
        while (true) {
            capacity += capacity % 2;
            List<byte[]> records = fill(timeKeeping, tals, homes, capacity);
            if (records != null) {
                return new TalPacking(capacity / 2, records);
            }
            capacity += capacity / 2;
        }
    }

    /**
     * Returns the TAL bytes per record, or null when {@code capacity} bytes do not hold them all.
     */
    private static List<byte[]> fill(
            byte[][] timeKeeping, byte[][] tals, int[] homes, int capacity) {
        List<byte[]> records = new ArrayList<>(timeKeeping.length);
        int next = 0;
        for (int r = 0; r < timeKeeping.length; r++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(capacity);
            bytes.writeBytes(timeKeeping[r]);
            while (next < tals.length
                    && homes[next] <= r
                    && bytes.size() + tals[next].length <= capacity) {
                bytes.writeBytes(tals[next]);
                next++;
            }
            records.add(bytes.toByteArray());
        }
        return next == tals.length ? records : null;
    }

    /** Index of the first written data record that ends after {@code sample}, else the last one. */
    private static int homeRecord(List<Long> recordFrames, int framesPerRecord, long sample) {
        for (int r = 0; r < recordFrames.size(); r++) {
            if (sample < recordFrames.get(r) + framesPerRecord) {
                return r;
            }
        }
        return recordFrames.size() - 1;
    }
}
