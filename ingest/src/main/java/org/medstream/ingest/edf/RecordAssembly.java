package org.medstream.ingest.edf;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.medstream.ingest.recording.AdcRange;
import org.medstream.ingest.recording.FrameRange;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.wfdb.Annotation;

/**
 * Places the data records of one EDF file on the frame clock, reads their annotations, copies their
 * samples and builds the {@link EdfRecording}.
 */
final class RecordAssembly {
    private final Path file;
    private final String fileName;
    private final Consumer<String> warningSink;
    private final List<String> warnings;
    private final EdfHeader header;
    private final FileChannel channel;
    private final long records;
    private final List<EdfSignal> signals;
    private final int[] signalOffsets;
    private final BigDecimal[] recordOnsets;
    private final List<EdfAnnotation> edfAnnotations = new ArrayList<>();
    private final int mainSamplesPerRecord;
    private final double frequency;

    RecordAssembly(
            Path file,
            EdfHeader header,
            FileChannel channel,
            long records,
            Consumer<String> warningSink,
            List<String> warnings)
            throws EdfException {
        this.file = file;
        this.fileName = file.getFileName().toString();
        this.warningSink = warningSink;
        this.warnings = warnings;
        this.header = header;
        this.channel = channel;
        this.records = records;
        this.signals = header.signals();
        this.signalOffsets = new int[signals.size()];
        int offset = 0;
        int maxSamples = 0;
        for (int s = 0; s < signals.size(); s++) {
            signalOffsets[s] = offset;
            offset += 2 * signals.get(s).samplesPerRecord();
            if (!signals.get(s).isAnnotation()) {
                maxSamples = Math.max(maxSamples, signals.get(s).samplesPerRecord());
            }
        }
        if (records > Integer.MAX_VALUE - 8) {
            throw new EdfException(
                    fileName
                            + ": "
                            + records
                            + " data records exceed the maximum of "
                            + (Integer.MAX_VALUE - 8)
                            + " that the reader supports");
        }
        this.recordOnsets = new BigDecimal[(int) records];
        this.mainSamplesPerRecord = maxSamples;
        this.frequency =
                maxSamples == 0
                        ? EdfRecording.ANNOTATION_ONLY_FREQUENCY_HZ
                        : maxSamples / header.recordDurationSeconds();
    }

    EdfRecording assemble() throws IOException {
        readAnnotations();
        if (header.isDiscontinuous() && signals.stream().noneMatch(EdfSignal::isAnnotation)) {
            warn(
                    "EDF+D file has no EDF Annotations signal, so its data records carry no"
                            + " start times; reading them as contiguous");
        }
        BigDecimal firstOnset =
                records > 0 && recordOnsets[0] != null ? recordOnsets[0] : BigDecimal.ZERO;
        long[] recordStarts = recordStartFrames(firstOnset);
        long frameCount = frameCount(recordStarts, firstOnset);
        List<FrameRange> gaps = gaps(recordStarts);
        checkFits(recordStarts, frameCount);

        int[][] samples = readSamples(recordStarts);
        List<RecordingChannel> channels = new ArrayList<>();
        List<Integer> channelSignals = new ArrayList<>();
        List<Integer> otherRate = new ArrayList<>();
        for (int s = 0; s < signals.size(); s++) {
            EdfSignal signal = signals.get(s);
            if (signal.isAnnotation()) {
                continue;
            }
            if (signal.samplesPerRecord() == mainSamplesPerRecord) {
                // The gain is a ratio of 8-character decimals, so digits beyond the 12th are
                // floating-point noise. Rounding turns 199.99999999999997 back into 200.
                double gain =
                        new BigDecimal(signal.adcGain()).round(new MathContext(12)).doubleValue();
                int baseline =
                        (int) Math.round(signal.digitalMinimum() - signal.physicalMinimum() * gain);
                // EDF's digital minimum and maximum are the converter's range, so samples
                // there are saturated.
                Optional<AdcRange> rails =
                        signal.digitalMinimum() < signal.digitalMaximum()
                                ? Optional.of(
                                        new AdcRange(
                                                signal.digitalMinimum(), signal.digitalMaximum()))
                                : Optional.empty();
                channels.add(
                        new RecordingChannel(
                                signal.label(), signal.physicalDimension(), gain, baseline, rails));
                channelSignals.add(s);
            } else {
                otherRate.add(s);
            }
        }
        if (!otherRate.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (int s : otherRate) {
                names.add(
                        signals.get(s).label()
                                + " ("
                                + signals.get(s).samplesPerRecord() / header.recordDurationSeconds()
                                + " Hz)");
            }
            warn(
                    "signals "
                            + String.join(", ", names)
                            + " have a lower rate than the "
                            + frequency
                            + " Hz of the other signals and are left out of the"
                            + " recording's channels, not resampled");
        }

        Optional<Instant> start =
                header.startDateTime()
                        .map(
                                dateTime ->
                                        dateTime.toInstant(ZoneOffset.UTC)
                                                .plusNanos(
                                                        firstOnset.movePointRight(9).longValue()));
        return new EdfRecording(
                file,
                header,
                frequency,
                start,
                frameCount,
                channelSignals.stream().mapToInt(Integer::intValue).toArray(),
                channels,
                samples,
                otherRate,
                edfAnnotations,
                annotations(firstOnset),
                gaps,
                records,
                warnings);
    }

    /** Reads the TALs of every record: time-keeping onsets and annotations. */
    private void readAnnotations() throws IOException {
        boolean first = true;
        for (int s = 0; s < signals.size(); s++) {
            if (!signals.get(s).isAnnotation()) {
                continue;
            }
            for (int r = 0; r < records; r++) {
                byte[] bytes =
                        EdfReader.readFully(
                                channel,
                                recordPosition(r) + signalOffsets[s],
                                2 * signals.get(s).samplesPerRecord());
                List<Tal> tals;
                try {
                    tals = Tal.parseAll(bytes, 0, bytes.length);
                } catch (IllegalArgumentException e) {
                    String message =
                            "data record "
                                    + (r + 1)
                                    + ", signal "
                                    + (s + 1)
                                    + " (EDF Annotations): "
                                    + e.getMessage();
                    if (first && header.isDiscontinuous()) {
                        throw new EdfException(fileName + ": " + message);
                    }
                    warn(message + "; its annotations are skipped");
                    continue;
                }
                for (int t = 0; t < tals.size(); t++) {
                    Tal tal = tals.get(t);
                    List<String> texts = tal.texts();
                    if (first && t == 0 && !texts.isEmpty() && texts.get(0).isEmpty()) {
                        recordOnsets[r] = tal.onsetSeconds();
                        texts = texts.subList(1, texts.size());
                    }
                    for (String text : texts) {
                        if (!text.isEmpty()) {
                            edfAnnotations.add(
                                    new EdfAnnotation(
                                            tal.onsetSeconds(), tal.durationSeconds(), text));
                        }
                    }
                }
                if (first && header.isEdfPlus() && recordOnsets[r] == null) {
                    String message =
                            "data record "
                                    + (r + 1)
                                    + " has no time-keeping TAL (an onset followed by an empty text) in its first EDF Annotations signal";
                    if (header.isDiscontinuous()) {
                        throw new EdfException(
                                fileName + ": " + message + ", so its start time is unknown");
                    }
                    warn(message);
                }
            }
            first = false;
        }
    }

    private long recordPosition(long record) {
        return header.headerBytes() + record * header.recordBytes();
    }

    /** Frame of each data record's first sample. */
    private long[] recordStartFrames(BigDecimal firstOnset) throws EdfException {
        long[] starts = new long[(int) records];
        if (mainSamplesPerRecord == 0) {
            return starts;
        }
        boolean warned = false;
        for (int r = 0; r < records; r++) {
            long contiguous = (long) r * mainSamplesPerRecord;
            if (recordOnsets[r] == null) {
                starts[r] = contiguous;
                continue;
            }
            long placed = frameOf(recordOnsets[r], firstOnset);
            if (!header.isDiscontinuous()) {
                if (placed != contiguous && !warned) {
                    warn(
                            "EDF+C data record "
                                    + (r + 1)
                                    + " has time-keeping onset +"
                                    + recordOnsets[r].toPlainString()
                                    + " s, not the contiguous "
                                    + contiguous / frequency
                                    + " s after the first record; reading the records as contiguous, as EDF+C declares");
                    warned = true;
                }
                starts[r] = contiguous;
                continue;
            }
            if (r > 0 && placed < starts[r - 1] + mainSamplesPerRecord) {
                throw new EdfException(
                        fileName
                                + ": EDF+D data record "
                                + (r + 1)
                                + " starts at onset "
                                + recordOnsets[r].toPlainString()
                                + " s, before data record "
                                + r
                                + " ends at "
                                + recordOnsets[r - 1]
                                        .add(BigDecimal.valueOf(header.recordDurationSeconds()))
                                        .toPlainString()
                                + " s; data records must be in time order and must not overlap");
            }
            starts[r] = placed;
        }
        return starts;
    }

    private long frameCount(long[] recordStarts, BigDecimal firstOnset) {
        if (records == 0) {
            return 0;
        }
        if (mainSamplesPerRecord > 0) {
            return recordStarts[(int) records - 1] + mainSamplesPerRecord;
        }
        BigDecimal lastOnset = recordOnsets[(int) records - 1];
        BigDecimal lastStart =
                lastOnset == null
                        ? BigDecimal.valueOf((records - 1) * header.recordDurationSeconds())
                        : lastOnset.subtract(firstOnset);
        return frameOf(
                lastStart.add(BigDecimal.valueOf(header.recordDurationSeconds())), BigDecimal.ZERO);
    }

    private List<FrameRange> gaps(long[] recordStarts) {
        List<FrameRange> gaps = new ArrayList<>();
        if (mainSamplesPerRecord == 0) {
            return gaps;
        }
        for (int r = 1; r < records; r++) {
            long previousEnd = recordStarts[r - 1] + mainSamplesPerRecord;
            if (recordStarts[r] > previousEnd) {
                gaps.add(new FrameRange(previousEnd, recordStarts[r]));
            }
        }
        return gaps;
    }

    /** Rejects files whose gaps make the filled channels longer than an array or the heap. */
    private void checkFits(long[] recordStarts, long frameCount) throws EdfException {
        int channelCount = (int) signals.stream().filter(signal -> !signal.isAnnotation()).count();
        long bytes = frameCount * 4L * channelCount;
        if (frameCount <= EdfReader.MAX_FRAMES && bytes <= Runtime.getRuntime().maxMemory() / 2) {
            return;
        }
        int widest = 1;
        for (int r = 1; r < records; r++) {
            if (recordStarts[r] - recordStarts[r - 1]
                    > recordStarts[widest] - recordStarts[widest - 1]) {
                widest = r;
            }
        }
        long gapFrames =
                records > 1
                        ? recordStarts[widest] - recordStarts[widest - 1] - mainSamplesPerRecord
                        : 0;
        String limit =
                String.format(
                        "needs %d bytes for %d signals, more than half the Java heap or the %d"
                                + " frames a channel can hold",
                        bytes, channelCount, EdfReader.MAX_FRAMES);
        if (gapFrames > 0) {
            throw new EdfException(
                    String.format(
                            "%s: the gap of %d frames before data record %d (onset %s s) makes the"
                                    + " recording %d frames long at %s Hz, and filling it with"
                                    + " missing samples %s. Split the file at the gap, or give"
                                    + " the JVM more memory with -Xmx",
                            fileName,
                            gapFrames,
                            widest + 1,
                            recordOnsets[widest].toPlainString(),
                            frameCount,
                            frequency,
                            limit));
        }
        throw new EdfException(
                String.format(
                        "%s: the recording is %d frames long at %s Hz and %s. Split the file, or"
                                + " give the JVM more memory with -Xmx",
                        fileName, frameCount, frequency, limit));
    }

    private int[][] readSamples(long[] recordStarts) throws IOException {
        int[][] samples = new int[signals.size()][];
        boolean hasGaps =
                records > 0
                        && recordStarts[(int) records - 1]
                                != (records - 1) * (long) mainSamplesPerRecord;
        for (int s = 0; s < signals.size(); s++) {
            EdfSignal signal = signals.get(s);
            if (signal.isAnnotation()) {
                continue;
            }
            long length =
                    records == 0
                            ? 0
                            : signalStart(recordStarts[(int) records - 1], signal)
                                    + signal.samplesPerRecord();
            samples[s] = new int[(int) length];
            if (hasGaps) {
                Arrays.fill(samples[s], Recording.INVALID_SAMPLE);
            }
        }

        ByteBuffer buffer =
                ByteBuffer.allocate((int) header.recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < records; r++) {
            buffer.clear();
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, recordPosition(r) + buffer.position()) < 0) {
                    throw new EdfException(
                            fileName + ": unexpected end of file in data record " + (r + 1));
                }
            }
            for (int s = 0; s < signals.size(); s++) {
                EdfSignal signal = signals.get(s);
                if (signal.isAnnotation()) {
                    continue;
                }
                int start = (int) signalStart(recordStarts[r], signal);
                for (int i = 0; i < signal.samplesPerRecord(); i++) {
                    samples[s][start + i] = buffer.getShort(signalOffsets[s] + 2 * i);
                }
            }
        }
        return samples;
    }

    /** Sample index of a record's first sample of {@code signal}, at that signal's own rate. */
    private long signalStart(long recordStartFrame, EdfSignal signal) {
        if (signal.samplesPerRecord() == mainSamplesPerRecord) {
            return recordStartFrame;
        }
        return Math.round(
                (double) recordStartFrame * signal.samplesPerRecord() / mainSamplesPerRecord);
    }

    private List<Annotation> annotations(BigDecimal firstOnset) {
        List<Annotation> annotations = new ArrayList<>();
        int beforeStart = 0;
        for (EdfAnnotation annotation : edfAnnotations) {
            long sample = frameOf(annotation.onsetSeconds(), firstOnset);
            if (sample < 0) {
                beforeStart++;
                sample = 0;
            }
            annotations.add(AnnotationTexts.toAnnotation(sample, annotation.text()));
        }
        if (beforeStart > 0) {
            warn(
                    beforeStart
                            + " annotations have an onset before the first data record and are placed at sample 0");
        }
        annotations.sort(Comparator.comparingLong(Annotation::sample));
        return annotations;
    }

    /** Frame of a time given as seconds after the header's start time. */
    private long frameOf(BigDecimal onsetSeconds, BigDecimal firstOnset) {
        return onsetSeconds
                .subtract(firstOnset)
                .multiply(BigDecimal.valueOf(frequency))
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private void warn(String message) {
        warningSink.accept(message);
    }
}
