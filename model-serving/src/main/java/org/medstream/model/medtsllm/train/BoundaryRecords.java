package org.medstream.model.medtsllm.train;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.evaluation.breaths.BreathMarks;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.model.breaths.BidmcTrainingData;
import org.medstream.model.leads.LeadMap;
import org.medstream.model.medtsllm.ResampledLead;
import org.medstream.model.mitbih.MitBihSequences;

/**
 * Reads the records of MedTsLLM's boundary tasks as {@link BoundaryRecord}s at 125 Hz: lead MLII of
 * MIT-BIH Arrhythmia records with their annotated beats, resampled from 360 Hz, and the RESP
 * channel of BIDMC records with the breath onsets of the first annotator.
 */
public final class BoundaryRecords {
    private BoundaryRecords() {}

    /**
     * Reads MIT-BIH record {@code number} from {@code folder} ({@code N.hea}, {@code N.dat}, {@code
     * N.atr}). The span is the whole resampled record.
     *
     * <p>The resampler's output starts with its filter filling up, so the outputs before the first
     * one that refers to input sample 0 or later are dropped. Each beat annotation (a label of an
     * AAMI beat class) moves to the nearest output sample; beats that fall outside the output are
     * left out.
     *
     * @throws IOException when the record or its {@code .atr} cannot be read
     * @throws IllegalArgumentException when the record is not sampled at 360 Hz or has no MLII or
     *     lead II channel
     */
    public static BoundaryRecord mitBih(Path folder, int number) throws IOException {
        MitBihLead lead = mitBihLead(folder, number);
        int[] boundaries =
                lead.annotations().stream()
                        .filter(BeatAnnotation::isBeat)
                        .mapToLong(BeatAnnotation::sample)
                        .mapToInt(Math::toIntExact)
                        .sorted()
                        .toArray();
        return new BoundaryRecord(
                number, MitBihSequences.LEAD, lead.signal(), boundaries, 0, lead.signal().length);
    }

    /**
     * Lead MLII of a MIT-BIH record at 125 Hz with its reference annotations moved to the nearest
     * 125 Hz sample.
     *
     * @param signal the lead at 125 Hz in mV, output 0 being input time 0
     * @param annotations every annotation of the {@code .atr} that falls inside the output, beats
     *     and others, in file order
     */
    record MitBihLead(float[] signal, List<BeatAnnotation> annotations) {}

    /**
     * Reads MIT-BIH record {@code number} as {@link #mitBih} does and returns the resampled lead
     * with all its annotations, which the anomaly task labels by their AAMI class.
     *
     * @throws IOException when the record or its {@code .atr} cannot be read
     * @throws IllegalArgumentException when the record is not sampled at 360 Hz or has no MLII or
     *     lead II channel
     */
    static MitBihLead mitBihLead(Path folder, int number) throws IOException {
        Recording recording = RecordingFiles.open(folder.resolve(Integer.toString(number)));
        double fs = recording.samplingFrequencyHz();
        if (fs != MitBihSequences.SAMPLING_FREQUENCY_HZ) {
            throw new IllegalArgumentException(
                    "Record "
                            + recording.source()
                            + " is sampled at "
                            + fs
                            + " Hz; MIT-BIH Arrhythmia records are sampled at "
                            + MitBihSequences.SAMPLING_FREQUENCY_HZ
                            + " Hz");
        }
        Path annotationFile = folder.resolve(number + ".atr");
        if (!annotationFile.toFile().isFile()) {
            throw new NoSuchFileException(
                    annotationFile.toString(), null, "reference beat annotations not found");
        }
        ResampledLead lead =
                ResampledLead.of(
                        recording.physical(leadChannel(recording)),
                        (int) fs,
                        BoundaryTask.SAMPLING_FREQUENCY_HZ);
        float[] signal = lead.signal();

        List<BeatAnnotation> annotations = new ArrayList<>();
        for (BeatAnnotation annotation : WfdbBeatAnnotations.read(annotationFile)) {
            long index = lead.outputIndexOf(annotation.sample());
            if (index >= 0 && index < signal.length) {
                annotations.add(new BeatAnnotation(index, annotation.label()));
            }
        }
        return new MitBihLead(signal, annotations);
    }

    /**
     * Reads BIDMC record {@code number} from {@code folder} ({@code bidmc_NN_Signals.csv} with
     * {@code bidmc_NN_Breaths.csv} beside it), with the span [fromSeconds, toSeconds).
     *
     * @throws IOException when the record cannot be read
     * @throws IllegalArgumentException when the record is not sampled at 125 Hz, has no RESP
     *     channel or no breath marks of the first annotator, or the span ends after the record
     */
    public static BoundaryRecord bidmc(
            Path folder, int number, double fromSeconds, double toSeconds) throws IOException {
        Recording recording = RecordingFiles.open(BidmcTrainingData.signalsFile(folder, number));
        double fs = recording.samplingFrequencyHz();
        if (fs != BoundaryTask.SAMPLING_FREQUENCY_HZ) {
            throw new IllegalArgumentException(
                    "Record "
                            + recording.source()
                            + " is sampled at "
                            + fs
                            + " Hz; BIDMC records are sampled at "
                            + BoundaryTask.SAMPLING_FREQUENCY_HZ
                            + " Hz");
        }
        int channel = -1;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < recording.channels().size(); c++) {
            names.add(recording.channels().get(c).name());
            if (names.get(c).equalsIgnoreCase(BidmcTrainingData.CHANNEL)) {
                channel = c;
            }
        }
        if (channel < 0) {
            throw new IllegalArgumentException(
                    "Record "
                            + recording.source()
                            + " has no "
                            + BidmcTrainingData.CHANNEL
                            + " channel (channels "
                            + names
                            + "); the breaths task reads the respiration signal");
        }
        double[] physical = filled(recording.physical(channel));
        float[] signal = new float[physical.length];
        for (int t = 0; t < signal.length; t++) {
            signal[t] = (float) physical[t];
        }
        List<Long> marks = BreathMarks.of(recording, BidmcTrainingData.ANNOTATOR);
        if (marks.isEmpty()) {
            throw new IllegalArgumentException(
                    "Record "
                            + recording.source()
                            + " has no breath marks of "
                            + BidmcTrainingData.ANNOTATOR
                            + "; put the dataset's _Breaths.csv file beside the _Signals.csv file");
        }
        int[] boundaries =
                marks.stream()
                        .filter(mark -> mark >= 0 && mark < signal.length)
                        .mapToInt(Long::intValue)
                        .toArray();
        int from = (int) Math.ceil(fromSeconds * fs);
        int to = (int) Math.floor(toSeconds * fs);
        if (to > signal.length) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "The span %g-%g s of %s ends after the record, which lasts %.1f s",
                            fromSeconds,
                            toSeconds,
                            recording.source(),
                            signal.length / fs));
        }
        return new BoundaryRecord(number, BidmcTrainingData.CHANNEL, signal, boundaries, from, to);
    }

    private static int leadChannel(Recording recording) {
        List<String> names = new ArrayList<>();
        for (var channel : recording.channels()) {
            names.add(channel.name());
        }
        int channel = LeadMap.of(names, List.of(MitBihSequences.LEAD)).channelOf(0);
        if (channel < 0 || !names.get(channel).toLowerCase(Locale.ROOT).endsWith("ii")) {
            throw new IllegalArgumentException(
                    "Record "
                            + recording.source()
                            + " has no MLII or lead II channel (channels "
                            + names
                            + "); the beats task reads lead II");
        }
        return channel;
    }

    /** Replaces missing samples (NaN) with the last valid one, or 0 before the first. */
    private static double[] filled(double[] signal) {
        double last = 0;
        for (int t = 0; t < signal.length; t++) {
            if (Double.isFinite(signal[t])) {
                last = signal[t];
            } else {
                signal[t] = last;
            }
        }
        return signal;
    }
}
