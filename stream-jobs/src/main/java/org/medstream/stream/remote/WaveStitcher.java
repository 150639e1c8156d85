package org.medstream.stream.remote;

import org.apache.flink.util.Collector;
import org.medstream.evaluation.waves.Wave;
import org.medstream.evaluation.waves.WaveKind;
import org.medstream.model.serve.inference.Event;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.time.StreamClock;
import org.medstream.stream.waves.WaveSegments;

/**
 * Turns the model server's waves into the {@link WaveSegment}s of the in-process wave operator,
 * named like the stream's channel; {@link RemoteStitcher} describes spans, dead letters and alerts.
 */
public class WaveStitcher extends RemoteStitcher<WaveSegment> {
    private static final long serialVersionUID = 1L;

    /** Operator name, also the source of its dead letters. */
    public static final String OPERATOR = "stitch-waves";

    /**
     * @param modelName the served model's name, which the segments carry as their detector
     * @param serverAddress the model's inference address, for dead letters and alert messages
     */
    public WaveStitcher(String modelName, String serverAddress) {
        super(OPERATOR, modelName, serverAddress);
    }

    @Override
    protected String eventKind() {
        return Event.WAVE;
    }

    @Override
    protected void emit(
            ModelWindow window,
            RemoteEvent event,
            long start,
            StreamClock clock,
            Context ctx,
            Collector<WaveSegment> out) {
        WaveSegments segments =
                new WaveSegments(
                        window.streamId, clock, modelName(), DETECTOR_VERSION, EpochMicros.now());
        Wave wave =
                new Wave(
                        WaveKind.valueOf(event.label),
                        start,
                        window.windowStartIndex + event.peak,
                        window.windowStartIndex + event.offset);
        out.collect(segments.of(channelOf(window, event.lead), wave));
    }
}
