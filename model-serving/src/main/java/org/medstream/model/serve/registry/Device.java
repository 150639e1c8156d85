package org.medstream.model.serve.registry;

import java.util.Locale;

/**
 * The device a model runs on: {@code cpu}, or {@code gpu} with an optional index ({@code gpu:1}).
 *
 * @param kind {@code cpu} or {@code gpu}
 * @param index GPU index, 0 for the CPU
 */
public record Device(String kind, int index) {
    /** The CPU. */
    public static final Device CPU = new Device("cpu", 0);

    public Device {
        if (!kind.equals("cpu") && !kind.equals("gpu")) {
            throw new IllegalArgumentException(
                    "Invalid device kind '" + kind + "'; expected cpu or gpu");
        }
        if (index < 0) {
            throw new IllegalArgumentException(
                    "Invalid GPU index " + index + "; expected 0 or more");
        }
    }

    /**
     * Parses {@code cpu}, {@code gpu} or {@code gpu:N}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Device parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("cpu")) {
            return CPU;
        }
        if (value.equals("gpu")) {
            return new Device("gpu", 0);
        }
        if (value.matches("gpu:[0-9]{1,4}")) {
            return new Device("gpu", Integer.parseInt(value.substring(4)));
        }
        throw new IllegalArgumentException(
                "Invalid device '" + text + "'; expected cpu, gpu or gpu:N (N = 0, 1, …)");
    }

    /** Returns true for a GPU. */
    public boolean isGpu() {
        return kind.equals("gpu");
    }

    @Override
    public String toString() {
        return isGpu() ? "gpu:" + index : "cpu";
    }
}
