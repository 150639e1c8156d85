package org.medstream.ingest.wfdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes MIT-format annotation files ({@code .atr}, {@code .qrs}, ...) as the WFDB
 * library's {@code getann} and {@code putann} do.
 *
 * <p>The file is a sequence of little-endian 16-bit words. The top 6 bits hold the annotation code
 * and the low 10 bits the time since the previous annotation. Codes 59 to 63 are pseudo
 * annotations: SKIP (a 32-bit interval, high word first, added to the time of the next annotation),
 * NUM, SUB and CHN (set {@code num}, {@code subtyp} and {@code chan} of the preceding annotation)
 * and AUX (the low 8 bits give the length of the text that follows, padded to an even number of
 * bytes). A zero word ends the file. {@code chan} and {@code num} carry over from one annotation to
 * the next; {@code subtyp} does not.
 *
 * <p>Auxiliary text is decoded as ISO-8859-1, one character per byte, so that writing it back
 * reproduces the bytes.
 */
public final class WfdbAnnotations {
    private static final Logger LOG = LoggerFactory.getLogger(WfdbAnnotations.class);

    private static final int SKIP = 59;
    private static final int NUM = 60;
    private static final int SUB = 61;
    private static final int CHN = 62;
    private static final int AUX = 63;
    private static final int DATA_MASK = 0x3ff;
    private static final int MAX_INTERVAL = 0x3ff;
    private static final long MAX_SKIP = 0x7fffffffL;
    private static final long MIN_SKIP = -0x7fffffffL;

    private WfdbAnnotations() {}

    /**
     * Reads every annotation of an MIT-format annotation file, in file order.
     *
     * @throws WfdbException when the file contains a code above 49 that is not a pseudo annotation,
     *     a modifier before the first annotation, or ends inside a word
     */
    public static List<Annotation> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String fileName = String.valueOf(file.getFileName());
        List<Annotation> annotations = new ArrayList<>();

        long time = 0;
        int channel = 0;
        int number = 0;
        AnnotationBuilder current = null;
        int position = 0;
        boolean ended = false;

        while (position + 2 <= bytes.length) {
            int wordOffset = position;
            int word = word(bytes, position);
            position += 2;
            if (word == 0) {
                ended = true;
                break;
            }
            int code = word >>> 10;
            int data = word & DATA_MASK;

            if (code == SKIP) {
                if (position + 4 > bytes.length) {
                    throw truncated(fileName, wordOffset);
                }
                int high = word(bytes, position);
                int low = word(bytes, position + 2);
                position += 4;
                time += (high << 16) | low;
            } else if (code >= NUM) {
                if (current == null) {
                    throw new WfdbException(
                            String.format(
                                    "Invalid annotation file %s: pseudo annotation %d at byte %d"
                                            + " precedes the first annotation",
                                    fileName, code, wordOffset));
                }
                switch (code) {
                    case NUM -> current.number = number = data;
                    case SUB -> current.subtype = data;
                    case CHN -> current.channel = channel = data;
                    default -> {
                        int length = data & 0xff;
                        int padded = (length + 1) & ~1;
                        if (position + padded > bytes.length) {
                            throw truncated(fileName, wordOffset);
                        }
                        current.aux =
                                new String(bytes, position, length, StandardCharsets.ISO_8859_1);
                        position += padded;
                    }
                }
            } else {
                if (code > AnnotationCode.MAX_CODE) {
                    throw new WfdbException(
                            String.format(
                                    "Invalid annotation code %d at byte %d of %s; codes run from"
                                            + " 0 to %d",
                                    code, wordOffset, fileName, AnnotationCode.MAX_CODE));
                }
                if (current != null) {
                    annotations.add(current.build());
                }
                time += data;
                current = new AnnotationBuilder(time, code, channel, number);
            }
        }
        if (current != null) {
            annotations.add(current.build());
        }
        if (!ended) {
            LOG.warn(
                    "Annotation file has no end marker; read to the end of the file: file={}"
                            + " annotations={}",
                    file,
                    annotations.size());
        }
        return annotations;
    }

    /**
     * Writes annotations in MIT format, encoding them as WFDB's {@code putann} does, and ends the
     * file with a zero word. Reading an MIT file and writing its annotations back gives the same
     * bytes when the file was written by the WFDB library.
     *
     * @throws IllegalArgumentException when an auxiliary text is longer than 255 bytes
     */
    public static void write(Path file, List<Annotation> annotations) throws IOException {
        Objects.requireNonNull(annotations, "annotations");
        Files.write(file, encode(annotations));
    }

    /** Encodes annotations as the bytes of an MIT-format file. */
    public static byte[] encode(List<Annotation> annotations) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long previousTime = 0;
        int previousChannel = 0;
        int previousNumber = 0;

        for (Annotation annotation : annotations) {
            long delta = annotation.sample() - previousTime;
            while (delta > MAX_SKIP) {
                writeSkip(out, MAX_SKIP);
                delta -= MAX_SKIP;
            }
            while (delta < MIN_SKIP) {
                writeSkip(out, MIN_SKIP);
                delta -= MIN_SKIP;
            }

            int code = annotation.code().value();
            if (code == 0) {
                // A code-0 word with zero interval would read as the end marker, so WFDB skips to
                // one sample before the annotation and stores an interval of 1.
                writeSkip(out, delta - 1);
                delta = 1;
            } else if (delta > MAX_INTERVAL || delta < 0) {
                writeSkip(out, delta);
                delta = 0;
            }
            writeWord(out, (int) delta | (code << 10));

            if (annotation.subtype() != 0) {
                writeWord(out, (SUB << 10) | (annotation.subtype() & DATA_MASK));
            }
            if (annotation.channel() != previousChannel) {
                writeWord(out, (CHN << 10) | (annotation.channel() & DATA_MASK));
            }
            if (annotation.number() != previousNumber) {
                writeWord(out, (NUM << 10) | (annotation.number() & DATA_MASK));
            }
            if (!annotation.aux().isEmpty()) {
                byte[] aux = annotation.aux().getBytes(StandardCharsets.ISO_8859_1);
                if (aux.length > 255) {
                    throw new IllegalArgumentException(
                            String.format(
                                    "Auxiliary text of the annotation at sample %d is %d bytes;"
                                            + " MIT format stores at most 255",
                                    annotation.sample(), aux.length));
                }
                writeWord(out, (AUX << 10) | aux.length);
                out.write(aux, 0, aux.length);
                if (aux.length % 2 == 1) {
                    out.write(0);
                }
            }

            previousTime = annotation.sample();
            previousChannel = annotation.channel();
            previousNumber = annotation.number();
        }
        writeWord(out, 0);
        return out.toByteArray();
    }

    private static void writeSkip(ByteArrayOutputStream out, long interval) {
        writeWord(out, SKIP << 10);
        writeWord(out, (int) (interval >> 16) & 0xffff);
        writeWord(out, (int) interval & 0xffff);
    }

    private static void writeWord(ByteArrayOutputStream out, int word) {
        out.write(word & 0xff);
        out.write((word >>> 8) & 0xff);
    }

    private static int word(byte[] bytes, int position) {
        return (bytes[position] & 0xff) | ((bytes[position + 1] & 0xff) << 8);
    }

    private static WfdbException truncated(String fileName, int offset) {
        return new WfdbException(
                String.format(
                        "Annotation file %s ends inside the annotation that starts at byte %d;"
                                + " the file is truncated",
                        fileName, offset));
    }

    /** Fields of the annotation being read, which pseudo annotations may still change. */
    private static final class AnnotationBuilder {
        private final long sample;
        private final int code;
        private int subtype;
        private int channel;
        private int number;
        private String aux = "";

        AnnotationBuilder(long sample, int code, int channel, int number) {
            this.sample = sample;
            this.code = code;
            this.channel = channel;
            this.number = number;
        }

        Annotation build() {
            return new Annotation(sample, AnnotationCode.of(code), subtype, channel, number, aux);
        }
    }
}
