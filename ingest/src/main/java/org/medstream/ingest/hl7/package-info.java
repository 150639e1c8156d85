/**
 * The HL7 v2 waveform listener: receives ORU^R01 messages over MLLP as monitor gateways send them
 * (IHE PCD-01 style), converts each message into one {@link org.medstream.schemas.SignalChunk} per
 * stream and start time, and acknowledges it only after the sink stored those chunks.
 *
 * <p>{@link org.medstream.ingest.hl7.MllpListener} owns the server socket and connections, {@code
 * WaveformMessageHandler} decodes, converts and acknowledges one message, {@code OruWaveformReader}
 * reads the waveform OBX segments, and {@code StreamClock} numbers the frames of each stream. The
 * message conventions are described in {@code docs/hl7-mllp.md}.
 */
package org.medstream.ingest.hl7;
