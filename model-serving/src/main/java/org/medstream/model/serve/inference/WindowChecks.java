package org.medstream.model.serve.inference;

/**
 * Checks of a window that hold for every model. A window needs a stream id and leads with one row
 * of samples each. Rows have equal, non-zero length up to a maximum and finite samples. The
 * sampling frequency is finite and positive, and the warm-up is shorter than the window.
 */
public final class WindowChecks {
    private WindowChecks() {}

    /**
     * Checks {@code window}.
     *
     * @param field path of the window in the request, such as {@code windows[2]}
     * @param maxSamples maximum samples per lead a window may have
     * @throws InvalidRequestException naming the first field that fails
     */
    public static void check(Window window, String field, int maxSamples)
            throws InvalidRequestException {
        if (window == null) {
            throw new InvalidRequestException(field, "null", "a window object");
        }
        if (window.streamId() == null || window.streamId().isBlank()) {
            throw new InvalidRequestException(
                    field + ".streamId", quoted(window.streamId()), "a non-empty stream id");
        }
        if (window.leads() == null || window.leads().isEmpty()) {
            throw new InvalidRequestException(
                    field + ".leads", window.leads(), "at least one lead name");
        }
        for (int lead = 0; lead < window.leads().size(); lead++) {
            String name = window.leads().get(lead);
            if (name == null || name.isBlank()) {
                throw new InvalidRequestException(
                        field + ".leads[" + lead + "]", quoted(name), "a non-empty lead name");
            }
        }
        double frequency = window.samplingFrequencyHz();
        if (!(frequency > 0) || Double.isInfinite(frequency)) {
            throw new InvalidRequestException(
                    field + ".samplingFrequencyHz", frequency, "a finite value above 0 Hz");
        }
        checkSamples(window, field, maxSamples);
        int length = window.length();
        if (window.warmupSamples() < 0 || window.warmupSamples() >= length) {
            throw new InvalidRequestException(
                    field + ".warmupSamples",
                    window.warmupSamples(),
                    "0 or more and less than the window's " + length + " samples");
        }
    }

    private static void checkSamples(Window window, String field, int maxSamples)
            throws InvalidRequestException {
        float[][] samples = window.samples();
        int leads = window.leads().size();
        if (samples == null || samples.length != leads) {
            throw new InvalidRequestException(
                    field + ".samples",
                    samples == null ? "null" : samples.length + " rows",
                    "one row of samples per lead (" + leads + " rows)");
        }
        int length = samples[0] == null ? 0 : samples[0].length;
        for (int lead = 0; lead < leads; lead++) {
            String row = field + ".samples[" + lead + "]";
            if (samples[lead] == null || samples[lead].length == 0) {
                throw new InvalidRequestException(row, "[]", "at least one sample");
            }
            if (samples[lead].length != length) {
                throw new InvalidRequestException(
                        row,
                        samples[lead].length + " samples",
                        length + " samples, as many as every other lead of the window");
            }
            if (length > maxSamples) {
                throw new InvalidRequestException(
                        row,
                        length + " samples",
                        "at most " + maxSamples + " samples per lead (the server's maximum)");
            }
            for (int i = 0; i < length; i++) {
                if (!Float.isFinite(samples[lead][i])) {
                    throw new InvalidRequestException(
                            row + "[" + i + "]", samples[lead][i], "a finite number");
                }
            }
        }
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
