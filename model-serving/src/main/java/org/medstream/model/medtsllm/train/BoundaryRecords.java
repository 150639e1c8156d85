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
import org.medstream.model.train.TimeSplit;

/**
 * Reads the records of MedTsLLM's boundary tasks as {@link BoundaryRecord}s at 125 Hz: lead MLII of
 * MIT-BIH Arrhythmia records with their annotated beats, resampled from 360 Hz, and the RESP
 * channel of BIDMC records with the breath onsets of the first annotator. Other channels of the
 * same record can be read beside them as covariates.
 */
public final class BoundaryRecords {
    /**
     * Channel name that selects the MIT-BIH channel other than lead MLII, whose lead (V1, V2, V4 or
     * V5) differs between records.
     */
    public static final String OTHER_MIT_BIH_LEAD = "other";

    private BoundaryRecords() {}

    /**
     * Returns the channel names a task reads by default: {@code MLII} for beats, {@code RESP} for
     * breaths.
     */
    public static List<String> defaultChannels(BoundaryTask task) {
        return List.of(task == BoundaryTask.BEATS ? "MLII" : BidmcTrainingData.CHANNEL);
    }

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
        return mitBih(folder, number, defaultChannels(BoundaryTask.BEATS));
    }

    /**
     * Reads MIT-BIH record {@code number} as {@link #mitBih(Path, int)} does, with {@code
     * channels}: first lead MLII ({@code MLII} or {@code II}), then other channels by name or
     * {@link #OTHER_MIT_BIH_LEAD}, each resampled in the same way.
     *
     * @throws IllegalArgumentException when the first channel is not lead MLII, or the record has
     *     no channel of a name
     */
    public static BoundaryRecord mitBih(Path folder, int number, List<String> channels)
            throws IOException {
        requireMarkedChannelFirst(BoundaryTask.BEATS, channels);
        MitBihLeads leads = mitBihLeads(folder, number, channels);
        int[] boundaries =
                leads.annotations().stream()
                        .filter(BeatAnnotation::isBeat)
                        .mapToLong(BeatAnnotation::sample)
                        .mapToInt(Math::toIntExact)
                        .sorted()
                        .toArray();
        int length = leads.signals().get(0).length;
        return new BoundaryRecord(number, leads.names(), leads.signals(), boundaries, 0, length);
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
        MitBihLeads leads = mitBihLeads(folder, number, defaultChannels(BoundaryTask.BEATS));
        return new MitBihLead(leads.signals().get(0), leads.annotations());
    }

    /** Channels of a MIT-BIH record at 125 Hz, lead MLII first, and the annotations inside them. */
    private record MitBihLeads(
            List<String> names, List<float[]> signals, List<BeatAnnotation> annotations) {}

    private static MitBihLeads mitBihLeads(Path folder, int number, List<String> channels)
            throws IOException {
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
        int lead = leadChannel(recording);
        List<float[]> signals = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of(MitBihSequences.LEAD));
        ResampledLead first = null;
        for (int c = 0; c < channels.size(); c++) {
            int index = c == 0 ? lead : mitBihChannel(recording, channels.get(c), lead);
            if (c > 0) {
                names.add(recording.channels().get(index).name());
            }
            ResampledLead resampled =
                    ResampledLead.of(
                            recording.physical(index),
                            (int) fs,
                            BoundaryTask.SAMPLING_FREQUENCY_HZ);
            if (c == 0) {
                first = resampled;
            }
            signals.add(resampled.signal());
        }

        List<BeatAnnotation> annotations = new ArrayList<>();
        for (BeatAnnotation annotation : WfdbBeatAnnotations.read(annotationFile)) {
            long index = first.outputIndexOf(annotation.sample());
            if (index >= 0 && index < first.signal().length) {
                annotations.add(new BeatAnnotation(index, annotation.label()));
            }
        }
        return new MitBihLeads(names, signals, annotations);
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
        return bidmc(folder, number, fromSeconds, toSeconds, defaultChannels(BoundaryTask.BREATHS));
    }

    /**
     * Reads BIDMC record {@code number} as {@link #bidmc(Path, int, double, double)} does, with
     * {@code channels} by name (case ignored): RESP first, then others such as PLETH or II.
     *
     * @throws IllegalArgumentException when the first channel is not RESP or the record has no
     *     channel of a name
     */
    public static BoundaryRecord bidmc(
            Path folder, int number, double fromSeconds, double toSeconds, List<String> channels)
            throws IOException {
        return bidmc(folder, number, "span", fromSeconds, toSeconds, channels);
    }

    /**
     * Reads BIDMC record {@code number} as {@link #bidmc(Path, int, double, double, List)} does. An
     * error about a span past the record's end calls it {@code spanName}, such as "validation
     * span".
     */
    static BoundaryRecord bidmc(
            Path folder,
            int number,
            String spanName,
            double fromSeconds,
            double toSeconds,
            List<String> channels)
            throws IOException {
        requireMarkedChannelFirst(BoundaryTask.BREATHS, channels);
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
        List<float[]> signals = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            int index = c == 0 ? channel : channelNamed(recording, names, channels.get(c));
            double[] physical = filled(recording.physical(index));
            float[] values = new float[physical.length];
            for (int t = 0; t < values.length; t++) {
                values[t] = (float) physical[t];
            }
            signals.add(values);
        }
        float[] signal = signals.get(0);
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
                            "The %s %s s of %s ends after the record, which lasts %.1f s",
                            spanName,
                            TimeSplit.formatSpan(fromSeconds, toSeconds),
                            recording.source(),
                            signal.length / fs));
        }
        List<String> channelNames = new ArrayList<>(List.of(BidmcTrainingData.CHANNEL));
        for (int c = 1; c < channels.size(); c++) {
            channelNames.add(names.get(channelNamed(recording, names, channels.get(c))));
        }
        return new BoundaryRecord(number, channelNames, signals, boundaries, from, to);
    }

    /**
     * Checks that {@code channels} start with the channel the task's boundaries were marked on:
     * MLII (or II) for beats, RESP for breaths.
     */
    static void requireMarkedChannelFirst(BoundaryTask task, List<String> channels) {
        List<String> accepted =
                task == BoundaryTask.BEATS
                        ? List.of("mlii", "ii")
                        : List.of(BidmcTrainingData.CHANNEL.toLowerCase(Locale.ROOT));
        if (channels.isEmpty() || !accepted.contains(channels.get(0).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    "The "
                            + task.taskName()
                            + " task reads "
                            + defaultChannels(task).get(0)
                            + " first, the channel its boundaries were marked on; got channels "
                            + channels);
        }
    }

    /** Index of the channel named {@code name}, case ignored. */
    private static int channelNamed(Recording recording, List<String> names, String name) {
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c).equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "Record "
                        + recording.source()
                        + " has no channel "
                        + name
                        + " (channels "
                        + names
                        + ")");
    }

    /** Index of a MIT-BIH covariate channel: {@link #OTHER_MIT_BIH_LEAD} or a name. */
    private static int mitBihChannel(Recording recording, String name, int lead) {
        List<String> names = new ArrayList<>();
        for (var channel : recording.channels()) {
            names.add(channel.name());
        }
        if (!name.equalsIgnoreCase(OTHER_MIT_BIH_LEAD)) {
            return channelNamed(recording, names, name);
        }
        for (int c = 0; c < names.size(); c++) {
            if (c != lead) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "Record "
                        + recording.source()
                        + " has no channel besides lead "
                        + names.get(lead)
                        + " (channels "
                        + names
                        + ")");
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
