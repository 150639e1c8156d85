package org.medstream.model.lmu.streaming;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float tensors of a trained network, in a file that plain Java reads without DJL: the
 * weights of the streaming path, exported from the DJL model when it is saved.
 *
 * <p>The file is big-endian, as {@link DataOutputStream} writes it: the magic {@code MSNW}, the
 * format version 1, the tensor count, then per tensor its name (modified UTF-8), rank, dimensions
 * and values (float32, row-major). Instances are immutable.
 */
public final class NetworkWeights {
    private static final int MAGIC = 0x4D534E57;
    private static final int VERSION = 1;
    private static final int MAX_TENSORS = 10_000;
    private static final int MAX_RANK = 8;

    /**
     * One named tensor.
     *
     * @param shape dimensions, outermost first
     * @param values entries in row-major order
     */
    public record Tensor(int[] shape, float[] values) {
        public Tensor {
            long size = 1;
            for (int dimension : shape) {
                if (dimension < 0) {
                    throw new IllegalArgumentException(
                            "Invalid shape " + Arrays.toString(shape) + ": negative dimension");
                }
                size *= dimension;
            }
            if (size != values.length) {
                throw new IllegalArgumentException(
                        "Shape "
                                + Arrays.toString(shape)
                                + " needs "
                                + size
                                + " values, got "
                                + values.length);
            }
            shape = shape.clone();
            values = values.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public float[] values() {
            return values.clone();
        }
    }

    private final Map<String, Tensor> tensors;

    /** Creates weights from tensors by name; the iteration order of the map is kept. */
    public NetworkWeights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** Returns the tensor names in file order. */
    public Iterable<String> names() {
        return tensors.keySet();
    }

    /**
     * Returns the shape of tensor {@code name}.
     *
     * @throws IllegalArgumentException when the tensor is missing
     */
    public int[] shape(String name) {
        return tensor(name).shape();
    }

    /**
     * Returns the values of tensor {@code name} after checking its shape.
     *
     * @throws IllegalArgumentException when the tensor is missing or has another shape
     */
    public float[] values(String name, int... expectedShape) {
        Tensor tensor = tensor(name);
        if (!Arrays.equals(tensor.shape, expectedShape)) {
            throw new IllegalArgumentException(
                    "Tensor '"
                            + name
                            + "' has shape "
                            + Arrays.toString(tensor.shape)
                            + ", the network needs "
                            + Arrays.toString(expectedShape));
        }
        return tensor.values();
    }

    private Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException(
                    "No tensor '" + name + "' in the weights; present: " + tensors.keySet());
        }
        return tensor;
    }

    /** Writes the weights to {@code file}, replacing it. */
    public void write(Path file) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file);
                DataOutputStream output = new DataOutputStream(new BufferedOutputStream(stream))) {
            output.writeInt(MAGIC);
            output.writeInt(VERSION);
            output.writeInt(tensors.size());
            for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
                output.writeUTF(entry.getKey());
                int[] shape = entry.getValue().shape;
                output.writeInt(shape.length);
                for (int dimension : shape) {
                    output.writeInt(dimension);
                }
                for (float value : entry.getValue().values) {
                    output.writeFloat(value);
                }
            }
        }
    }

    /**
     * Reads weights written by {@link #write(Path)}.
     *
     * @throws IOException when the file cannot be read, is not a weights file or is cut short
     */
    public static NetworkWeights read(Path file) throws IOException {
        try (InputStream stream = Files.newInputStream(file);
                DataInputStream input = new DataInputStream(new BufferedInputStream(stream))) {
            int magic = input.readInt();
            if (magic != MAGIC) {
                throw new IOException(
                        file
                                + " is not a medstream network weights file (magic 0x"
                                + Integer.toHexString(magic)
                                + ", expected 0x"
                                + Integer.toHexString(MAGIC)
                                + ")");
            }
            int version = input.readInt();
            if (version != VERSION) {
                throw new IOException(
                        file
                                + " has weights format version "
                                + version
                                + "; this medstream reads version "
                                + VERSION);
            }
            int count = boundedCount(file, "tensor count", input.readInt(), MAX_TENSORS);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = input.readUTF();
                int rank = boundedCount(file, "rank of " + name, input.readInt(), MAX_RANK);
                int[] shape = new int[rank];
                long size = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = boundedCount(file, "dimension of " + name, input.readInt(), 1 << 24);
                    size *= shape[d];
                }
                if (size > Files.size(file) / Float.BYTES) {
                    throw new IOException(
                            file
                                    + ": tensor "
                                    + name
                                    + " of "
                                    + size
                                    + " values is larger than"
                                    + " the file");
                }
                float[] values = new float[(int) size];
                for (int v = 0; v < values.length; v++) {
                    values[v] = input.readFloat();
                }
                tensors.put(name, new Tensor(shape, values));
            }
            return new NetworkWeights(tensors);
        } catch (EOFException e) {
            throw new IOException(file + " ends before its last tensor; the file is cut short", e);
        }
    }

    private static int boundedCount(Path file, String field, int value, int max)
            throws IOException {
        if (value < 0 || value > max) {
            throw new IOException(file + ": " + field + " is " + value + ", expected 0 to " + max);
        }
        return value;
    }
}
