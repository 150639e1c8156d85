package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.medstream.infra.kafka.EmbeddedKafka;
import picocli.CommandLine;

/** {@code medstream mllp} against the in-JVM broker: start, one acknowledged message, stop. */
class MllpCommandIT {
    private static final Pattern LISTENING = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+),");
    private static final String MESSAGE =
            "MSH|^~\\&|MONITOR-GW|ICU-GW1|MEDSTREAM|HOSPITAL|20240312083000+0100||ORU^R01|C1|P|2.6\r"
                    + "PID|||PAT-1^^^HOSP^MR\r"
                    + "PV1||I|CU1^^BED1\r"
                    + "OBR|1|||182777000^monitoring of patient^SCT|||20240312083000.0000+0100\r"
                    + "OBX|1|NA|131329^MDC_ECG_ELEC_POTL_I^MDC|1.1.1.1|-0.145^-0.145^-0.145|mV|||||F\r"
                    + "OBX|2|NM|67981^MDC_ATTR_SAMP_RATE^MDC|1.1.1.1.1|360|Hz|||||F\r";

    @Test
    void listensAcknowledgesAndStops() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            CommandLine commandLine = Medstream.newCommandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            MllpCommand command = commandLine.getSubcommands().get("mllp").getCommand();
            Future<Integer> exitCode =
                    runner.submit(
                            () ->
                                    commandLine.execute(
                                            "mllp",
                                            "--bootstrap-servers",
                                            kafka.bootstrapServers(),
                                            "--port",
                                            "0"));

            int port = awaitPort(out);
            String ack = send(port, MESSAGE);
            command.stop();

            assertThat(ack).contains("MSA|AA|C1");
            assertThat(exitCode.get(30, TimeUnit.SECONDS))
                    .as("exit code, stderr: %s", err)
                    .isZero();
            assertThat(out.toString())
                    .contains("Accepted 1 message (1 chunk), rejected 0 messages");
        } finally {
            runner.shutdownNow();
        }
    }

    private static int awaitPort(StringWriter out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(out.toString());
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The command printed no listening address: " + out);
    }

    private static String send(int port, String message) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream output = socket.getOutputStream();
            output.write(0x0B);
            output.write(message.getBytes(StandardCharsets.UTF_8));
            output.write(new byte[] {0x1C, 0x0D});
            output.flush();

            InputStream input = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            int b = input.read();
            while ((b = input.read()) != 0x1C && b >= 0) {
                reply.write(b);
            }
            return reply.toString(StandardCharsets.UTF_8);
        }
    }
}
