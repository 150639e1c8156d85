package org.medstream.model.medtsllm;

import org.medstream.model.windows.WindowedStreamState;

/**
 * State of a {@link BoundaryStream} for one segment of one stream: its windows and its peak picker.
 * A Flink POJO, so operators can keep it in keyed state.
 */
public class BoundaryStreamState {
    public WindowedStreamState windows = new WindowedStreamState();

    public PeakState peaks = new PeakState();

    /** Creates an empty state, for Flink's POJO serializer. */
    public BoundaryStreamState() {}
}
