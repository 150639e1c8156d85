package org.medstream.ingest.edf;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.recording.FrameRange;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.wfdb.Annotation;

/**
 * An EDF or EDF+ file read into memory; {@link EdfReader#read(Path)} builds it.
 *
 * <p><b>Frame clock.</b> Frame 0 is the start of the first data record, which is the header's start
 * time plus the onset of that record's time-keeping TAL (EDF+ uses it for start times finer than a
 * second). The frame rate is that of the ordinary signals with the most samples per data record.
 * Those signals are the {@link #channels()}. Signals with fewer samples per record are not
 * resampled. They are left out of the channels, named in {@link #otherRateSignals()} and a logged
 * warning, and their samples are available at their own rate from {@link #signalSamples(int)}.
 *
 * <p><b>EDF+D.</b> Each data record is placed at the frame of its time-keeping onset. Frames
 * between records are {@link #gaps()}, read as NaN and {@link Recording#INVALID_SAMPLE}.
 *
 * <p><b>Annotations.</b> The TALs of every {@code EDF Annotations} signal are kept as {@link
 * #edfAnnotations()} and mapped to WFDB annotations at {@code round((onset - onset of the first
 * record) * frequency)}, as {@link AnnotationTexts} describes. Files without ordinary signals get
 * the frame rate {@link #ANNOTATION_ONLY_FREQUENCY_HZ}, so annotation samples count milliseconds.
 *
 * <p><b>Physical values</b> use EDF's linear mapping from the digital and physical range of each
 * signal. The channel's {@link RecordingChannel#baseline()} is that mapping's zero rounded to an
 * integer, so {@code (digital - baseline) / adcGain} can differ from the physical value by up to
 * half an ADC step where the zero falls between two ADC values (a symmetric range such as -32768 to
 * 32767 for -1000 to 1000 uV).
 */
public final class EdfRecording implements Recording {
    /** Frame rate given to files whose only signals are annotation signals. */
    public static final double ANNOTATION_ONLY_FREQUENCY_HZ = 1000;

    private final Path file;
    private final EdfHeader header;
    private final double samplingFrequencyHz;
    private final Optional<Instant> startTime;
    private final long frameCount;
    private final int[] channelSignals;
    private final List<RecordingChannel> channels;
    private final int[][] signalSamples;
    private final List<Integer> otherRateSignals;
    private final List<EdfAnnotation> edfAnnotations;
    private final List<Annotation> annotations;
    private final List<FrameRange> gaps;
    private final long dataRecordsRead;
    private final List<String> warnings;

    EdfRecording(
            Path file,
            EdfHeader header,
            double samplingFrequencyHz,
            Optional<Instant> startTime,
            long frameCount,
            int[] channelSignals,
            List<RecordingChannel> channels,
            int[][] signalSamples,
            List<Integer> otherRateSignals,
            List<EdfAnnotation> edfAnnotations,
            List<Annotation> annotations,
            List<FrameRange> gaps,
            long dataRecordsRead,
            List<String> warnings) {
        this.file = file;
        this.header = header;
        this.samplingFrequencyHz = samplingFrequencyHz;
        this.startTime = startTime;
        this.frameCount = frameCount;
        this.channelSignals = channelSignals.clone();
        this.channels = List.copyOf(channels);
        this.signalSamples = signalSamples;
        this.otherRateSignals = List.copyOf(otherRateSignals);
        this.edfAnnotations = List.copyOf(edfAnnotations);
        this.annotations = List.copyOf(annotations);
        this.gaps = List.copyOf(gaps);
        this.dataRecordsRead = dataRecordsRead;
        this.warnings = List.copyOf(warnings);
    }

    public EdfHeader header() {
        return header;
    }

    @Override
    public String name() {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    @Override
    public String source() {
        return file.toString();
    }

    @Override
    public double samplingFrequencyHz() {
        return samplingFrequencyHz;
    }

    /** Header start date and time plus the first record's onset, read as UTC (see class doc). */
    @Override
    public Optional<Instant> startTime() {
        return startTime;
    }

    @Override
    public long frameCount() {
        return frameCount;
    }

    @Override
    public List<RecordingChannel> channels() {
        return channels;
    }

    @Override
    public double[] physical(int channel) {
        EdfSignal signal = header.signals().get(channelSignals[channel]);
        int[] digital = signalSamples[channelSignals[channel]];
        double[] physical = new double[digital.length];
        for (int t = 0; t < digital.length; t++) {
            physical[t] = digital[t] == INVALID_SAMPLE ? Double.NaN : signal.toPhysical(digital[t]);
        }
        return physical;
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return Optional.of(signalSamples[channelSignals[channel]].clone());
    }

    @Override
    public List<Annotation> annotations() {
        return annotations;
    }

    @Override
    public List<FrameRange> gaps() {
        return gaps;
    }

    /** EDF signal index of each channel. */
    public int edfSignal(int channel) {
        return channelSignals[channel];
    }

    /** Indexes of the ordinary signals whose rate differs from the recording's frame rate. */
    public List<Integer> otherRateSignals() {
        return otherRateSignals;
    }

    /**
     * ADC values of any ordinary EDF signal at its own rate ({@code samplesPerRecord / duration}),
     * with {@link Recording#INVALID_SAMPLE} in EDF+D gaps.
     *
     * @throws IllegalArgumentException for an annotation signal
     */
    public int[] signalSamples(int edfSignal) {
        if (header.signals().get(edfSignal).isAnnotation()) {
            throw new IllegalArgumentException(
                    "Signal " + edfSignal + " of " + file + " is an annotation signal");
        }
        return signalSamples[edfSignal].clone();
    }

    /** Annotations as stored in the file, in file order, time-keeping TALs excluded. */
    public List<EdfAnnotation> edfAnnotations() {
        return edfAnnotations;
    }

    /** Data records read: fewer than the header declares when the file is short. */
    public long dataRecordsRead() {
        return dataRecordsRead;
    }

    /** Problems the reader tolerated, such as a short file; each was also logged. */
    public List<String> warnings() {
        return warnings;
    }
}
