package org.medstream.ingest.gate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link StreamSequence} in the gate's state store and its changelog topic. The
 * first byte is a version so the layout can change without breaking restored state.
 */
final class StreamSequenceSerde implements Serde<StreamSequence> {
    private static final int VERSION = 1;

    @Override
    public Serializer<StreamSequence> serializer() {
        return (topic, sequence) -> sequence == null ? null : write(sequence);
    }

    @Override
    public Deserializer<StreamSequence> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(StreamSequence sequence) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeDouble(sequence.samplingFrequencyHz);
            out.writeLong(sequence.streamStartMicros);
            writeStrings(out, sequence.channelNames);
            writeStrings(out, sequence.units);
            out.writeLong(sequence.nextIndex);
            out.writeLong(sequence.lastActivityMillis);
            out.writeInt(sequence.recentGaps.size());
            for (long[] gap : sequence.recentGaps) {
                out.writeLong(gap[0]);
                out.writeLong(gap[1]);
            }
            out.writeInt(sequence.held.size());
            for (Map.Entry<Long, StreamSequence.HeldChunk> entry : sequence.held.entrySet()) {
                out.writeLong(entry.getKey());
                out.writeInt(entry.getValue().frameCount());
                out.writeLong(entry.getValue().arrivedAtMillis());
                out.writeInt(entry.getValue().chunk().length);
                out.write(entry.getValue().chunk());
            }
            for (int c = 0; c < sequence.runValue.length; c++) {
                out.writeDouble(sequence.runValue[c]);
                out.writeLong(sequence.runLength[c]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StreamSequence read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException(
                        "Gate state has version " + version + ", this build reads " + VERSION);
            }
            StreamSequence sequence = new StreamSequence();
            sequence.samplingFrequencyHz = in.readDouble();
            sequence.streamStartMicros = in.readLong();
            sequence.channelNames = readStrings(in);
            sequence.units = readStrings(in);
            sequence.nextIndex = in.readLong();
            sequence.lastActivityMillis = in.readLong();
            int gaps = in.readInt();
            for (int i = 0; i < gaps; i++) {
                sequence.recentGaps.add(new long[] {in.readLong(), in.readLong()});
            }
            int held = in.readInt();
            for (int i = 0; i < held; i++) {
                long first = in.readLong();
                int frameCount = in.readInt();
                long arrived = in.readLong();
                byte[] chunk = new byte[in.readInt()];
                in.readFully(chunk);
                sequence.held.put(first, new StreamSequence.HeldChunk(chunk, frameCount, arrived));
            }
            int channels = sequence.channelNames.size();
            sequence.runValue = new double[channels];
            sequence.runLength = new long[channels];
            for (int c = 0; c < channels; c++) {
                sequence.runValue[c] = in.readDouble();
                sequence.runLength[c] = in.readLong();
            }
            return sequence;
        } catch (IOException e) {
            throw new UncheckedIOException("Gate state is truncated", e);
        }
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            out.writeUTF(value);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readUTF());
        }
        return List.copyOf(values);
    }
}
