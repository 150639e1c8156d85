package org.medstream.stream.remote;

import org.medstream.stream.alarm.AlarmState;
import org.medstream.stream.beat.StreamTrack;

/**
 * Keyed state of {@link BeatStitcher} for one stream: the beat bookkeeping and alarm state that the
 * in-process beat operator keeps, from the first window of a segment with a response up to the
 * segment's last window or a window without a response. A Flink POJO.
 */
public class RemoteBeatTrack {
    /** Last beat, RR history and detection progress, as in process. */
    public StreamTrack beats;

    /** State of the alarm rules. */
    public AlarmState alarms;

    /** Creates an empty track, for Flink's POJO serializer. */
    public RemoteBeatTrack() {}
}
