package org.medstream.ingest.recording;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.wfdb.Annotation;

/**
 * A finished recording of one or more channels sampled on a common frame clock, as the replayer and
 * the bounded {@code annotate} path consume it. Readers of each file format implement it.
 */
public interface Recording {
    /** Marks a missing sample in {@link #digital(int)} arrays. */
    int INVALID_SAMPLE = Integer.MIN_VALUE;

    /** Record name without directory or extension, for example {@code 100}. */
    String name();

    /** Path or other description of where the samples were read from, for error messages. */
    String source();

    /** Frames per second. */
    double samplingFrequencyHz();

    /**
     * UTC time of frame 0 when the file states both a date and a time; empty otherwise, so callers
     * choose (and report) the start time instead of silently inventing one.
     */
    Optional<Instant> startTime();

    long frameCount();

    List<RecordingChannel> channels();

    /** Physical values of one channel, one per frame; NaN marks a missing sample. */
    double[] physical(int channel);

    /**
     * ADC values of one channel, one per frame, with {@link #INVALID_SAMPLE} for missing samples;
     * empty when the channel has no single ADC gain over the whole recording.
     */
    Optional<int[]> digital(int channel);

    /**
     * Annotations stored with the samples (EDF+ annotation signals, a CSV export's event file),
     * sorted by sample; empty when the format keeps annotations apart (WFDB annotators).
     */
    default List<Annotation> annotations() {
        return List.of();
    }

    /**
     * Frame ranges that the source did not record (EDF+D gaps between data records), sorted and
     * disjoint. Their samples read as missing; streams skip them instead of sending missing values.
     */
    default List<FrameRange> gaps() {
        return List.of();
    }
}
