package org.medstream.infra.hl7;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A monitor gateway stand-in: sends ORU^R01 messages in MLLP frames and reads the replies. */
final class MllpSender implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    MllpSender(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends one framed message and returns the acknowledgement text, segments split by CR. */
    String send(String message) throws IOException {
        out.write(0x0B);
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(0x1C);
        out.write(0x0D);
        out.flush();

        if (in.read() != 0x0B) {
            throw new IOException("Expected start block 0x0B");
        }
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0x1C) {
            if (b < 0) {
                throw new IOException("End of stream inside an acknowledgement");
            }
            reply.write(b);
        }
        in.read();
        return reply.toString(StandardCharsets.UTF_8);
    }

    /** Returns MSA-1 of an acknowledgement. */
    static String ackCode(String ack) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                return segment.split("\\|", -1)[1];
            }
        }
        return "";
    }

    /**
     * Builds an ORU^R01 with one NA OBX per lead, each followed by its MDC_ATTR_SAMP_RATE OBX.
     *
     * @param time HL7 DTM with UTC offset, in OBR-7 and every OBX-14
     */
    static String oru(
            String controlId, String time, double rateHz, String[] leads, float[][] samples) {
        StringBuilder message = new StringBuilder();
        message.append("MSH|^~\\&|MONITOR-GW|ICU-GW1|MEDSTREAM|HOSPITAL|")
                .append(time)
                .append("||ORU^R01^ORU_R01|")
                .append(controlId)
                .append("|P|2.6\r");
        message.append("PID|||PAT-7^^^HOSP^MR\r");
        message.append("PV1||I|CU2^^BED7\r");
        message.append("OBR|1|||182777000^monitoring of patient^SCT|||").append(time).append("\r");
        int setId = 0;
        for (int lead = 0; lead < leads.length; lead++) {
            String subId = "1.1.1." + (lead + 1);
            message.append("OBX|").append(++setId).append("|NA|").append(leads[lead]);
            message.append("|").append(subId).append("|");
            for (int i = 0; i < samples[lead].length; i++) {
                if (i > 0) {
                    message.append('^');
                }
                message.append(new BigDecimal(Float.toString(samples[lead][i])).toPlainString());
            }
            message.append("|mV^^UCUM|||||F|||").append(time).append("\r");
            message.append("OBX|").append(++setId).append("|NM|67981^MDC_ATTR_SAMP_RATE^MDC|");
            message.append(subId).append(".1|").append(rateHz).append("|Hz^^UCUM|||||F\r");
        }
        return message.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
