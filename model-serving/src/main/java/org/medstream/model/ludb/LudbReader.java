package org.medstream.model.ludb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.wfdb.WfdbAnnotations;

/**
 * Reads LUDB records from a folder laid out like PhysioNet's {@code ludb/1.0.1/data}: the WFDB
 * record {@code N.hea}/{@code N.dat} and one annotation file per lead, named like the lead ({@code
 * N.i}, {@code N.ii}, … {@code N.v6}).
 */
public final class LudbReader {
    /** Sampling frequency of every LUDB record. */
    public static final double SAMPLING_FREQUENCY_HZ = 500;

    /** The twelve leads of every LUDB record, in file order. */
    public static final List<String> LEADS =
            List.of("i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6");

    private final Path folder;

    /**
     * Checks that {@code record} has LUDB's sampling frequency, which the wave models are trained
     * at.
     *
     * @throws IllegalArgumentException naming the record and its frequency otherwise
     */
    public static void requireLudbRate(LudbRecord record) {
        if (record.samplingFrequencyHz() != SAMPLING_FREQUENCY_HZ) {
            throw new IllegalArgumentException(
                    "Record "
                            + record.number()
                            + " is sampled at "
                            + record.samplingFrequencyHz()
                            + " Hz; LUDB records are sampled at "
                            + SAMPLING_FREQUENCY_HZ
                            + " Hz");
        }
    }

    /** Creates a reader of the records in {@code folder}. */
    public LudbReader(Path folder) {
        this.folder = folder;
    }

    /**
     * Reads record {@code number} with the labels of every lead.
     *
     * @throws NoSuchFileException when the header or the annotation file of a lead is missing
     */
    public LudbRecord read(int number) throws IOException {
        Path recordPath = folder.resolve(Integer.toString(number));
        Recording recording = RecordingFiles.open(recordPath);
        int length = Math.toIntExact(recording.frameCount());

        List<String> leads = new ArrayList<>();
        List<float[]> signals = new ArrayList<>();
        List<WaveLabels> labels = new ArrayList<>();
        List<RecordingChannel> channels = recording.channels();
        for (int channel = 0; channel < channels.size(); channel++) {
            String lead = channels.get(channel).name();
            Path annotationFile = folder.resolve(number + "." + lead);
            if (!Files.exists(annotationFile)) {
                throw new NoSuchFileException(
                        annotationFile.toString(),
                        null,
                        "LUDB annotation file of lead "
                                + lead
                                + " not found; each record needs one file per lead named"
                                + " <record>.<lead>");
            }

            leads.add(lead);
            signals.add(toFloat(recording.physical(channel)));
            labels.add(WaveLabels.fromAnnotations(WfdbAnnotations.read(annotationFile), length));
        }
        return new LudbRecord(number, recording.samplingFrequencyHz(), leads, signals, labels);
    }

    /** Reads the records in the given order. */
    public List<LudbRecord> readAll(List<Integer> numbers) throws IOException {
        List<LudbRecord> records = new ArrayList<>();
        for (int number : numbers) {
            records.add(read(number));
        }
        return records;
    }

    private static float[] toFloat(double[] physical) {
        float[] signal = new float[physical.length];
        for (int t = 0; t < physical.length; t++) {
            double value = physical[t];
            signal[t] = Double.isNaN(value) ? 0f : (float) value;
        }
        return signal;
    }
}
