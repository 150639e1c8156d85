package org.medstream.ingest.wfdb;

import java.io.IOException;

/** Reads multi-segment records. */
final class MultiSegmentReader {
    private MultiSegmentReader() {}

    static WfdbRecord read(WfdbHeader header, WfdbReadOptions options) throws IOException {
        throw new WfdbException(
                "Multi-segment records are not supported yet: " + header.headerName());
    }
}
