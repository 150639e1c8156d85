package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line contract: help everywhere, exit codes 0, 1 and 2, one-line errors. */
class CommandLineTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @TempDir Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Medstream.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "demo",
                "annotate",
                "evaluate",
                "replay",
                "convert",
                "job",
                "benchmark",
                "patients",
                "gate",
                "mllp",
                "tail"
            })
    void helpOnEverySubcommand(String subcommand) {
        assertThat(run(subcommand, "--help")).isZero();
        assertThat(out.toString()).contains("Usage: medstream " + subcommand);
    }

    @Test
    void demoJobOptionsCheckedBeforeStart() {
        assertThat(run("demo", "--set", "webhook.url=http://127.0.0.1:9/x")).isEqualTo(2);
        assertThat(err.toString())
                .contains("Invalid --set webhook.url: the demo sets it with --webhook");

        assertThat(run("demo", "--set", "webhook.secret-file=/tmp/secret")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --set webhook.secret-file without --webhook");

        assertThat(run("demo", "--set", "alarm.asystole=4")).isEqualTo(2);
        assertThat(err.toString())
                .contains("Invalid value '4' for option 'alarm.asystole'")
                .contains("expected a duration with its unit");
    }

    @Test
    void jobOptionOfWrongFormIsUsageError() {
        // Checked before any broker is contacted, so no broker is needed.
        int exitCode =
                run(
                        "job",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--set",
                        "model-server.window=abc");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Invalid value 'abc' for option 'model-server.window'")
                .contains("expected a duration");
    }

    @Test
    void evaluateWavesScoresLudbLeads() throws Exception {
        for (String lead :
                List.of(
                        "i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5",
                        "v6")) {
            Files.copy(DATA.resolve("ludb/1." + lead), directory.resolve("1." + lead));
        }

        int exitCode =
                run(
                        "evaluate",
                        "--task",
                        "waves",
                        "--test",
                        directory.toString(),
                        "--record",
                        DATA.resolve("ludb/1").toString());

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("QRS_ONSET")
                .containsPattern("QRS_ONSET\\s+\\d+\\s+0\\s+0\\s+100\\.00")
                .contains("Sample-wise over 12 leads:");
    }

    @Test
    void evaluateWavesNamesAMissingTestFile() {
        int exitCode =
                run(
                        "evaluate",
                        "--task",
                        "waves",
                        "--test",
                        directory.toString(),
                        "--record",
                        DATA.resolve("ludb/1").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("1.i:", "test annotation file not found");
    }

    @Test
    void gateWithoutBrokerIsUsageError() {
        assertThat(run("gate")).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers");
    }

    @Test
    void gateSettingThatIsNoNumberIsNamed() {
        int exitCode =
                run(
                        "gate",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--set",
                        "gate.reorder-window-ms=soon");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("gate.reorder-window-ms", "'soon'");
    }

    @Test
    void unknownOptionIsUsageError() {
        int exitCode =
                run("convert", "--record", "x", "--to", "csv", "--out", "y", "--no-such-option");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void missingSubcommandIsUsageError() {
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void missingAnnotationFileFailsWithOneLine() {
        int exitCode =
                run(
                        "evaluate",
                        "--test",
                        directory.toString(),
                        "--record",
                        DATA.resolve("mitdb/100").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n");
        assertThat(err.toString()).contains("100.classic").contains("not found");
    }

    @Test
    void otherDetectorsFileSuggestsModel() throws Exception {
        Files.writeString(directory.resolve("100.medtsllm"), "");

        int exitCode =
                run(
                        "evaluate",
                        "--test",
                        directory.toString(),
                        "--record",
                        DATA.resolve("mitdb/100").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString())
                .contains("100.classic")
                .contains("100.medtsllm is there; score it with --model medtsllm");
    }

    @Test
    void medtsllmBeatsNeedModelDir() {
        int exitCode =
                run(
                        "annotate",
                        "--task",
                        "beats",
                        "--model",
                        "medtsllm",
                        "--record",
                        DATA.resolve("mitdb/100").toString(),
                        "--out",
                        directory.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Missing option '--model-dir': --model medtsllm needs the directory");
    }

    @Test
    void medtsllmBeatsRejectWavesModel() throws Exception {
        Path model = directory.resolve("medtsllm-waves");
        Files.createDirectories(model);
        Files.writeString(
                model.resolve("model.json"), "{\"model\": \"medtsllm\", \"task\": \"waves\"}");

        int exitCode =
                run(
                        "annotate",
                        "--task",
                        "beats",
                        "--model",
                        "medtsllm",
                        "--model-dir",
                        model.toString(),
                        "--record",
                        DATA.resolve("mitdb/100").toString(),
                        "--out",
                        directory.resolve("out").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Invalid value for option '--model-dir': Cannot load the MedTsLLM beats")
                .contains("trained for task 'waves', not beats or breaths");
    }

    @Test
    void missingRecordFailsWithOneLine() {
        int exitCode =
                run(
                        "convert",
                        "--record",
                        directory.resolve("absent").toString(),
                        "--to",
                        "csv",
                        "--out",
                        directory.resolve("absent.csv").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("absent.hea");
    }

    @Test
    void convertWritesPhysicalUnitsCsv() throws Exception {
        Path csv = directory.resolve("100.csv");

        int exitCode =
                run(
                        "convert",
                        "--record",
                        DATA.resolve("mitdb/100").toString(),
                        "--to",
                        "csv",
                        "--out",
                        csv.toString());

        assertThat(exitCode).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(650_001);
        assertThat(lines.get(0)).isEqualTo("sample,MLII,V5");
        // First frame of record 100: ADC 995 and 1011, baseline 1024, gain 200 per mV.
        assertThat(lines.get(1)).isEqualTo("0,-0.145,-0.065");
    }

    @Test
    void evaluateScoresReferenceAgainstItself() {
        int exitCode =
                run(
                        "evaluate",
                        "--test",
                        DATA.resolve("mitdb").toString(),
                        "--model",
                        "atr",
                        "--record",
                        DATA.resolve("mitdb/100").toString(),
                        "--json");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("\"sensitivity\" : 100.0");
    }

    @Test
    void convertReadsBidmcCsv() throws Exception {
        Path csv = directory.resolve("bidmc.csv");

        int exitCode =
                run(
                        "convert",
                        "--record",
                        DATA.resolve("bidmc/bidmc_01_Signals.csv").toString(),
                        "--to",
                        "csv",
                        "--out",
                        csv.toString());

        assertThat(exitCode).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(37_502);
        assertThat(lines.get(0)).isEqualTo("sample,RESP,PLETH,V,AVR,II");
        assertThat(lines.get(1)).isEqualTo("0,0.35386,0.43597,0.52549,0.30392,0.72549");
    }

    @Test
    void csvWithoutRateFailsWithOneLine() throws Exception {
        Path input = directory.resolve("ecg.csv");
        Files.writeString(input, "II,V5\n0.1,0.2\n0.3,0.4\n");

        int exitCode = run("convert", "--record", input.toString(), "--to", "csv", "--out", "-");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().strip())
                .doesNotContain("\n")
                .startsWith("medstream: No sampling frequency for ecg.csv");
    }

    @Test
    void csvFlagsApply() throws Exception {
        Path input = directory.resolve("ecg.csv");
        Files.writeString(input, "II,V5\n0.1,0.2\n0.3,0.4\n");

        int exitCode =
                run(
                        "convert",
                        "--record",
                        input.toString(),
                        "--sampling-frequency",
                        "250",
                        "--units",
                        "mV,uV",
                        "--timezone",
                        "Europe/Berlin",
                        "--to",
                        "csv",
                        "--out",
                        "-");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).isEqualTo("sample,II,V5\n0,0.1,0.2\n1,0.3,0.4\n");
    }

    @Test
    void invalidCsvFlagsAreUsageErrors() {
        assertThat(
                        run(
                                "convert",
                                "--record",
                                "x.csv",
                                "--to",
                                "csv",
                                "--out",
                                "-",
                                "--timezone",
                                "Mars/Base"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("'Mars/Base' is not a time zone");
        assertThat(
                        run(
                                "convert",
                                "--record",
                                "x.csv",
                                "--to",
                                "csv",
                                "--out",
                                "-",
                                "--sampling-frequency",
                                "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("'0' must be a positive number of Hz");
    }
}
