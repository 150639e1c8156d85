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

    static byte[] write(StreamSequence s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeDouble(s.samplingFrequencyHz);
            out.writeLong(s.streamStartMicros);
            writeStrings(out, s.channelNames);
            writeStrings(out, s.units);
            out.writeLong(s.nextIndex);
            out.writeLong(s.lastActivityMillis);
            out.writeInt(s.recentGaps.size());
            for (long[] gap : s.recentGaps) {
                out.writeLong(gap[0]);
                out.writeLong(gap[1]);
            }
            out.writeInt(s.held.size());
            for (Map.Entry<Long, StreamSequence.HeldChunk> entry : s.held.entrySet()) {
                out.writeLong(entry.getKey());
                out.writeInt(entry.getValue().frameCount());
                out.writeLong(entry.getValue().arrivedAtMillis());
                out.writeInt(entry.getValue().chunk().length);
                out.write(entry.getValue().chunk());
            }
            for (int c = 0; c < s.runValue.length; c++) {
                out.writeDouble(s.runValue[c]);
                out.writeLong(s.runLength[c]);
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
            StreamSequence s = new StreamSequence();
            s.samplingFrequencyHz = in.readDouble();
            s.streamStartMicros = in.readLong();
            s.channelNames = readStrings(in);
            s.units = readStrings(in);
            s.nextIndex = in.readLong();
            s.lastActivityMillis = in.readLong();
            int gaps = in.readInt();
            for (int i = 0; i < gaps; i++) {
                s.recentGaps.add(new long[] {in.readLong(), in.readLong()});
            }
            int held = in.readInt();
            for (int i = 0; i < held; i++) {
                long first = in.readLong();
                int frameCount = in.readInt();
                long arrived = in.readLong();
                byte[] chunk = new byte[in.readInt()];
                in.readFully(chunk);
                s.held.put(first, new StreamSequence.HeldChunk(chunk, frameCount, arrived));
            }
            int channels = s.channelNames.size();
            s.runValue = new double[channels];
            s.runLength = new long[channels];
            for (int c = 0; c < channels; c++) {
                s.runValue[c] = in.readDouble();
                s.runLength[c] = in.readLong();
            }
            return s;
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
