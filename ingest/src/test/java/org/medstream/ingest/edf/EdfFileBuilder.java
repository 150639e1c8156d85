package org.medstream.ingest.edf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds EDF files byte by byte for reader tests, with any header field replaceable by a raw value
 * so that tests can write invalid headers.
 */
final class EdfFileBuilder {
    private final Map<String, String> fixed = new HashMap<>();
    private final List<Map<String, String>> signals = new ArrayList<>();
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private int recordCount;

    EdfFileBuilder() {
        fixed.put("version", "0");
        fixed.put("patient", "MCH-0234567 F 02-MAY-1951 Haagse_Harry");
        fixed.put("recording", "Startdate 02-MAR-2002 EMG561 BK/JOP Sony. MNC R Median Nerve.");
        fixed.put("startdate", "02.03.02");
        fixed.put("starttime", "16.15.00");
        fixed.put("reserved", "EDF+C");
        fixed.put("duration", "1");
    }

    /** Replaces a fixed header field, for example {@code number of data records}. */
    EdfFileBuilder set(String field, String value) {
        fixed.put(field, value);
        return this;
    }

    /** Adds an ordinary signal with the given samples per record and ranges. */
    EdfFileBuilder signal(
            String label, String physicalMinimum, String physicalMaximum, int samplesPerRecord) {
        Map<String, String> signal = new HashMap<>();
        signal.put("label", label);
        signal.put("transducer", "AgAgCl electrode");
        signal.put("dimension", "uV");
        signal.put("physical minimum", physicalMinimum);
        signal.put("physical maximum", physicalMaximum);
        signal.put("digital minimum", "-32768");
        signal.put("digital maximum", "32767");
        signal.put("prefiltering", "HP:0.1Hz");
        signal.put("samples", Integer.toString(samplesPerRecord));
        signals.add(signal);
        return this;
    }

    /** Adds an {@code EDF Annotations} signal of {@code samplesPerRecord} samples. */
    EdfFileBuilder annotationSignal(int samplesPerRecord) {
        signal(EdfSignal.ANNOTATION_LABEL, "-1", "1", samplesPerRecord);
        signals.get(signals.size() - 1).put("dimension", "");
        return this;
    }

    /** Replaces a field of signal {@code index}. */
    EdfFileBuilder setSignal(int index, String field, String value) {
        signals.get(index).put(field, value);
        return this;
    }

    /**
     * Appends a data record: for each signal in order, its samples, or for an annotation signal its
     * TALs as text in which {@code |} stands for 0x14, {@code ^} for 0x15 and {@code ;} for the NUL
     * that ends a TAL.
     */
    EdfFileBuilder record(Object... perSignal) {
        for (int s = 0; s < signals.size(); s++) {
            int samples = Integer.parseInt(signals.get(s).get("samples"));
            byte[] bytes = new byte[2 * samples];
            if (perSignal[s] instanceof int[] values) {
                for (int i = 0; i < values.length; i++) {
                    bytes[2 * i] = (byte) values[i];
                    bytes[2 * i + 1] = (byte) (values[i] >> 8);
                }
            } else {
                byte[] tals =
                        ((String) perSignal[s])
                                .replace('|', '\u0014')
                                .replace('^', '\u0015')
                                .replace(';', '\0')
                                .getBytes(StandardCharsets.UTF_8);
                System.arraycopy(tals, 0, bytes, 0, tals.length);
            }
            records.writeBytes(bytes);
        }
        recordCount++;
        return this;
    }

    byte[] build() {
        int count = signals.size();
        StringBuilder header = new StringBuilder();
        field(header, fixed.get("version"), 8);
        field(header, fixed.get("patient"), 80);
        field(header, fixed.get("recording"), 80);
        field(header, fixed.get("startdate"), 8);
        field(header, fixed.get("starttime"), 8);
        field(
                header,
                fixed.getOrDefault("number of bytes in header record", "" + 256 * (count + 1)),
                8);
        field(header, fixed.get("reserved"), 44);
        field(header, fixed.getOrDefault("number of data records", "" + recordCount), 8);
        field(header, fixed.get("duration"), 8);
        field(header, fixed.getOrDefault("number of signals", "" + count), 4);
        String[] names = {
            "label",
            "transducer",
            "dimension",
            "physical minimum",
            "physical maximum",
            "digital minimum",
            "digital maximum",
            "prefiltering",
            "samples"
        };
        int[] widths = {16, 80, 8, 8, 8, 8, 8, 80, 8};
        for (int f = 0; f < names.length; f++) {
            for (Map<String, String> signal : signals) {
                field(header, signal.get(names[f]), widths[f]);
            }
        }
        for (int s = 0; s < count; s++) {
            field(header, "", 32);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        file.writeBytes(records.toByteArray());
        return file.toByteArray();
    }

    Path write(Path file) throws IOException {
        Files.write(file, build());
        return file;
    }

    private static void field(StringBuilder header, String value, int width) {
        String text = value.length() > width ? value.substring(0, width) : value;
        header.append(text).append(" ".repeat(width - text.length()));
    }
}
