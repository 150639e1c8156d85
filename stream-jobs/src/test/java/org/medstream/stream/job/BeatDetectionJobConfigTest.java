package org.medstream.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmThresholds;
import org.medstream.stream.detect.LmuBeatDetector;
import org.medstream.stream.kafka.KafkaConnectors;
import org.medstream.stream.remote.RemoteModelSettings;

class BeatDetectionJobConfigTest {
    @Test
    void defaults() {
        BeatDetectionJobConfig config = BeatDetectionJobConfig.defaults();

        assertThat(config.get(BeatDetectionJobConfig.DETECTOR)).isEqualTo("classic");
        assertThat(config.get(BeatDetectionJobConfig.OUT_OF_ORDERNESS))
                .isEqualTo(Duration.ofMillis(500));
        assertThat(config.get(BeatDetectionJobConfig.INPUT_TOPIC))
                .isEqualTo("medstream.signals.clean");
        assertThat(config.webhookUrl()).isEmpty();
        assertThat(config.settings().heartRateBeats()).isEqualTo(8);
    }

    @Test
    void argsParsed() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromArgs(
                        new String[] {
                            "--bootstrap-servers", "127.0.0.1:9092",
                            "--watermark.idleness", "5 s",
                            "--webhook.url", "http://127.0.0.1:8080/alerts"
                        });

        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.get(BeatDetectionJobConfig.IDLENESS)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.webhookUrl()).contains("http://127.0.0.1:8080/alerts");
    }

    /** An option missing from OPTIONS is rejected as unknown by fromArgs and the CLI. */
    @Test
    void everyOptionListed() throws IllegalAccessException {
        List<String> declared = new ArrayList<>();
        for (Field field : BeatDetectionJobConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                declared.add(((ConfigOption<?>) field.get(null)).key());
            }
        }

        assertThat(BeatDetectionJobConfig.OPTIONS)
                .extracting(ConfigOption::key)
                .containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void breathsOptionsParsed() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromArgs(
                        new String[] {
                            "--breaths.model", "models/lmu-breaths", "--breaths.inverted", "true"
                        });

        assertThat(config.breathsModel()).contains("models/lmu-breaths");
        assertThat(config.get(BeatDetectionJobConfig.BREATHS_INVERTED)).isTrue();
    }

    @Test
    void wavesRemoteParsed() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromArgs(
                        new String[] {
                            "--waves.remote", "http://127.0.0.1:8090/",
                            "--model-server.window", "4 s",
                            "--model-server.max-attempts", "3"
                        });

        RemoteModelSettings remote = config.wavesRemote().orElseThrow();
        assertThat(remote.inferUri())
                .isEqualTo(URI.create("http://127.0.0.1:8090/v1/models/lmu-waves/infer"));
        assertThat(remote.windowLength()).isEqualTo(Duration.ofSeconds(4));
        assertThat(remote.overlap()).isEqualTo(Duration.ofSeconds(1));
        assertThat(remote.maxAttempts()).isEqualTo(3);
        assertThat(BeatDetectionJobConfig.defaults().wavesRemote()).isEmpty();
    }

    @Test
    void wavesModelAndRemoteExclusive() {
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromMap(
                                        Map.of(
                                                "waves.model", "models/lmu-waves",
                                                "waves.remote", "http://127.0.0.1:8090")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "waves.model and waves.remote are both set; set waves.model to delineate"
                                + " waves in the job or waves.remote to call a model server, not"
                                + " both");
    }

    @Test
    void anomaliesRemoteParsed() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromMap(Map.of("anomalies.remote", "http://127.0.0.1:9"));

        assertThat(config.anomaliesRemote().orElseThrow().inferUri())
                .isEqualTo(URI.create("http://127.0.0.1:9/v1/models/lmu-anomalies/infer"));
        assertThat(config.wavesRemote()).isEmpty();
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromMap(
                                        Map.of(
                                                "anomalies.model", "models/lmu-anomalies",
                                                "anomalies.remote", "http://127.0.0.1:9")))
                .hasMessage(
                        "anomalies.model and anomalies.remote are both set; set anomalies.model to"
                                + " score anomalies in the job or anomalies.remote to call a model"
                                + " server, not both");
    }

    @Test
    void breathsRemoteParsed() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromMap(
                        Map.of(
                                "breaths.remote", "http://127.0.0.1:9",
                                "breaths.remote-warmup", "45 s",
                                "breaths.remote-look-ahead", "3 s"));

        assertThat(config.breathsRemote().orElseThrow().inferUri())
                .isEqualTo(URI.create("http://127.0.0.1:9/v1/models/lmu-breaths/infer"));
        assertThat(config.breathsRemoteWarmup()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.breathsRemoteLookAhead()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.wavesRemote()).isEmpty();
        BeatDetectionJobConfig defaults = BeatDetectionJobConfig.defaults();
        assertThat(defaults.breathsRemote()).isEmpty();
        assertThat(defaults.breathsRemoteWarmup()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.breathsRemoteLookAhead()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromMap(
                                        Map.of(
                                                "breaths.model", "models/lmu-breaths",
                                                "breaths.remote", "http://127.0.0.1:9")))
                .hasMessage(
                        "breaths.model and breaths.remote are both set; set breaths.model to"
                                + " detect breaths in the job or breaths.remote to call a model"
                                + " server, not both");
    }

    @Test
    void beatsRemoteParsed() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromMap(
                        Map.of(
                                "beats.remote", "http://127.0.0.1:9",
                                "beats.remote-report-delay", "500 ms"));

        assertThat(config.beatsRemote().orElseThrow().inferUri())
                .isEqualTo(URI.create("http://127.0.0.1:9/v1/models/lmu-beats/infer"));
        assertThat(config.beatsRemoteReportDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(BeatDetectionJobConfig.defaults().beatsRemote()).isEmpty();
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromMap(
                                        Map.of(
                                                "detector", "lmu",
                                                "beats.remote", "http://127.0.0.1:9")))
                .hasMessage(
                        "detector and beats.remote are both set; set detector to detect beats in"
                                + " the job or beats.remote to call a model server, not both");
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromMap(
                                        Map.of(
                                                "beats.remote", "http://127.0.0.1:9",
                                                "beats.remote-report-delay", "soon")))
                .hasMessage(
                        "Invalid value 'soon' for option 'beats.remote-report-delay'; expected a"
                                + " duration with its unit, such as '4 s' or '500 ms'");
    }

    /**
     * The default report delay is the in-process LMU detector's bound for the shipped beats model,
     * rounded up to a millisecond, so both paths evaluate each chunk's end at the same sample.
     */
    @Test
    void beatsRemoteReportDelayIsTheShippedModelsBound() {
        Path model =
                Path.of(System.getProperty("medstream.data.dir"))
                        .resolveSibling("models")
                        .resolve("lmu-beats");
        double bound = new LmuBeatDetector(model).maxDelaySeconds();

        Duration delay = BeatDetectionJobConfig.BEATS_REMOTE_REPORT_DELAY.defaultValue();
        assertThat(delay.toNanos() / 1e9).isBetween(bound, bound + 0.001);
    }

    @Test
    void invalidWavesRemoteRejected() {
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromMap(
                                        Map.of("waves.remote", "localhost:8090")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid remote model settings (waves.remote, waves.remote-model,"
                                + " model-server.*): Invalid model server address"
                                + " 'localhost:8090'; expected http://host:port, for example"
                                + " http://127.0.0.1:8090");
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromMap(
                                        Map.of(
                                                "waves.remote", "http://127.0.0.1:8090",
                                                "model-server.capacity", "0")))
                .hasMessageEndingWith(
                        "model-server.*): Invalid capacity 0; expected 1 or more requests in"
                                + " flight");
    }

    @Test
    void webhookSecretReadFromFile(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("secret"), "  s3cret\n");

        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromArgs(
                        new String[] {"--webhook.secret-file", file.toString()});

        assertThat(config.webhookSettings().secret()).isEqualTo("s3cret");
        assertThat(BeatDetectionJobConfig.defaults().webhookSettings().signed()).isFalse();
    }

    @Test
    void webhookSecretFileMissingOrEmpty(@TempDir Path folder) throws IOException {
        Path missing = folder.resolve("missing");
        Path empty = Files.writeString(folder.resolve("empty"), " \n");

        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromArgs(
                                        new String[] {"--webhook.secret-file", missing.toString()}))
                .hasMessageStartingWith("Failed to read webhook.secret-file " + missing);
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromArgs(
                                        new String[] {"--webhook.secret-file", empty.toString()}))
                .hasMessage(
                        "webhook.secret-file "
                                + empty
                                + " is empty; write the shared secret into it");
    }

    @Test
    void unreadableTrustStoreRejectedAtStart(@TempDir Path folder) {
        Path missing = folder.resolve("trust.p12");

        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromArgs(
                                        new String[] {"--webhook.truststore", missing.toString()}))
                .hasMessageStartingWith("Failed to read the webhook trust store " + missing);
    }

    @Test
    void noDataTimeoutDefaultsAndLimits() {
        assertThat(BeatDetectionJobConfig.defaults().settings().noDataTimeout())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(
                        BeatDetectionJobConfig.fromArgs(
                                        new String[] {"--alarm.no-data-timeout", "0 s"})
                                .settings()
                                .noDataAlertEnabled())
                .isFalse();
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromArgs(
                                        new String[] {
                                            "--alarm.no-data-timeout", "2 h",
                                            "--state.retention", "1 h"
                                        }))
                .hasMessageStartingWith("noDataTimeout PT2H must be shorter than stateRetention");
        assertThat(BeatDetectionJobConfig.help())
                .contains("--alarm.no-data-timeout (default 10 s)");
    }

    @Test
    void alarmOptionsPerUnitAndStream() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromArgs(
                        new String[] {
                            "--alarm.tachycardia-bpm", "150",
                            "--alarm.unit.NICU.tachycardia-bpm", "200",
                            "--alarm.stream.bed-12.unit", "NICU",
                            "--alarm.stream.bed-13.asystole", "5 s"
                        });

        AlarmProfiles profiles = config.alarmProfiles(AlarmRules.defaults());

        assertThat(config.get(BeatDetectionJobConfig.ALARM_TACHYCARDIA_BPM)).isEqualTo(150.0);
        assertThat(profiles.rulesFor("bed-12").thresholds().tachycardiaBpm()).isEqualTo(200);
        assertThat(profiles.rulesFor("bed-13").thresholds().asystoleSeconds()).isEqualTo(5);
        assertThat(profiles.rulesFor("bed-13").thresholds().tachycardiaBpm()).isEqualTo(150);
        assertThat(profiles.rulesFor("bed-14").thresholds().tachycardiaBpm()).isEqualTo(150);
    }

    @Test
    void atrialFibrillationOptionsParsed() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromArgs(
                        new String[] {
                            "--alarm.atrial-fibrillation", "60 s",
                            "--alarm.unit.CCU.atrial-fibrillation-cosen", "-1.5",
                            "--alarm.stream.bed-1.unit", "CCU"
                        });

        AlarmProfiles profiles = config.alarmProfiles(AlarmRules.defaults());

        assertThat(config.get(BeatDetectionJobConfig.ALARM_ATRIAL_FIBRILLATION))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(profiles.rulesFor("bed-1").thresholds().atrialFibrillationCosen())
                .isEqualTo(-1.5);
        assertThat(profiles.rulesFor("bed-1").thresholds().atrialFibrillationSeconds())
                .isEqualTo(60);
        assertThat(profiles.rulesFor("bed-2").thresholds().atrialFibrillationCosen())
                .isEqualTo(AlarmThresholds.defaults().atrialFibrillationCosen());
    }

    @Test
    void badAlarmOptionRejectedAtStart() {
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromArgs(
                                        new String[] {"--alarm.unit.ICU.bradycardia-beats", "0"}))
                .hasMessageStartingWith(
                        "Invalid alarm option alarm.unit.ICU.bradycardia-beats='0': Invalid"
                                + " alarm beat counts: bradycardia and tachycardia need at least"
                                + " 1 beat");
    }

    @Test
    void alarmDefaultsMatchThresholds() {
        BeatDetectionJobConfig config = BeatDetectionJobConfig.defaults();

        assertThat(config.alarmProfiles(AlarmRules.defaults()).rulesFor("any").thresholds())
                .isEqualTo(AlarmThresholds.defaults());
        assertThat(config.get(BeatDetectionJobConfig.ALARM_ASYSTOLE))
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(config.get(BeatDetectionJobConfig.ALARM_LEAD_OFF_ESCALATION))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void unknownOptionRejected() {
        assertThatThrownBy(() -> BeatDetectionJobConfig.fromArgs(new String[] {"--bootstrap", "x"}))
                .hasMessage(
                        "Unknown option 'bootstrap' (did you mean 'bootstrap-servers'?);"
                                + " 'medstream job --list-options' lists the options");
    }

    @Test
    void detectorModelDirectoryChecked() {
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromArgs(
                                        new String[] {"--detector", "medtsllm"}))
                .hasMessageStartingWith("detector medtsllm needs detector.model-dir");
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromArgs(
                                        new String[] {"--detector.model-dir", "models/lmu-beats"}))
                .hasMessage("detector.model-dir applies to detector lmu or medtsllm, not classic");
        assertThat(
                        BeatDetectionJobConfig.fromArgs(
                                        new String[] {
                                            "--detector", "lmu", "--detector.model-dir", "m"
                                        })
                                .detectorModelDirectory())
                .contains(Path.of("m"));
    }

    @Test
    void misspelledOptionGetsSuggestion() {
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromArgs(
                                        new String[] {"--beats.remot", "http://127.0.0.1:8090"}))
                .hasMessageStartingWith(
                        "Unknown option 'beats.remot' (did you mean 'beats.remote'?)");
    }

    @Test
    void unreadableValueNamesOptionAndForm() {
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromArgs(
                                        new String[] {"--model-server.window", "abc"}))
                .hasMessage(
                        "Invalid value 'abc' for option 'model-server.window'; expected a duration"
                                + " with its unit, such as '4 s' or '500 ms'");
    }

    @Test
    void durationWithoutUnitRejected() {
        // Flink reads a bare number as milliseconds: alarm.asystole=4 would be a 4 ms limit.
        assertThatThrownBy(() -> parse("--alarm.asystole", "4"))
                .hasMessage(
                        "Invalid value '4' for option 'alarm.asystole'; expected a duration with"
                                + " its unit, such as '4 s' or '500 ms'");
        assertThatThrownBy(() -> parse("--alarm.no-data-timeout", "30"))
                .hasMessageStartingWith("Invalid value '30' for option 'alarm.no-data-timeout'");
        assertThatThrownBy(() -> parse("--alarm.unit.NICU.asystole", "3"))
                .hasMessage(
                        "Invalid alarm option alarm.unit.NICU.asystole='3': expected a duration"
                                + " with its unit, such as '4 s' or '500 ms'");
        assertThat(parse("--alarm.asystole", "4 s").get(BeatDetectionJobConfig.ALARM_ASYSTOLE))
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(
                        parse("--alarm.atrial-fibrillation", "0")
                                .get(BeatDetectionJobConfig.ALARM_ATRIAL_FIBRILLATION))
                .isZero();
    }

    @Test
    void missingBootstrapServersExplained() {
        assertThatThrownBy(() -> KafkaConnectors.sinks(BeatDetectionJobConfig.defaults()))
                .hasMessageStartingWith("Missing --bootstrap-servers");
    }

    @Test
    void kafkaWiringBuildsWithoutBroker() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1");

        assertThat(KafkaConnectors.sinks(config).beats()).isNotNull();
        assertThat(KafkaConnectors.input(config)).isNotNull();
    }

    @Test
    void agreementOptionTurnsSecondDetectorOn() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromArgs(new String[] {"--alarm.agreement", "on"});

        assertThat(config.alarmProfiles(AlarmRules.defaults()).anyAgreement()).isTrue();
        assertThat(BeatDetectionJobConfig.defaults().alarmProfiles(AlarmRules.defaults()))
                .extracting(AlarmProfiles::anyAgreement)
                .isEqualTo(false);
        assertThat(BeatDetectionJobConfig.help()).contains("alarm.agreement");
    }

    @Test
    void badAgreementOptionRejected() {
        assertThatThrownBy(
                        () ->
                                BeatDetectionJobConfig.fromArgs(
                                        new String[] {"--alarm.stream.bed-1.agreement", "maybe"}))
                .hasMessage(
                        "Invalid alarm option alarm.stream.bed-1.agreement='maybe': expected 'on'"
                                + " or 'off'");
    }

    @Test
    void agreementDetectorIsOtherKind() {
        Path model =
                Path.of(System.getProperty("medstream.data.dir"))
                        .resolveSibling("models")
                        .resolve("lmu-beats");

        assertThat(DetectorCatalog.agreementFor(new LmuBeatDetector(model)).name())
                .isEqualTo("pan-tompkins");
    }

    @Test
    void agreementDetectorOptionChecked() {
        assertThat(BeatDetectionJobConfig.defaults().agreementDetector()).isEmpty();
        assertThat(
                        BeatDetectionJobConfig.fromArgs(
                                        new String[] {
                                            "--agreement.detector",
                                            "medtsllm",
                                            "--agreement.model-dir",
                                            "m"
                                        })
                                .agreementDetector())
                .contains(new BeatDetectionJobConfig.DetectorChoice("medtsllm", Path.of("m")));
        assertThatThrownBy(() -> parse("--agreement.detector", "gqrs"))
                .hasMessage(
                        "Invalid agreement.detector 'gqrs'; expected one of [classic, lmu,"
                                + " medtsllm]");
        assertThatThrownBy(() -> parse("--agreement.detector", "classic"))
                .hasMessageStartingWith(
                        "Invalid agreement.detector 'classic': it must differ from detector");
        assertThatThrownBy(() -> parse("--agreement.detector", "medtsllm"))
                .hasMessageStartingWith("agreement.detector medtsllm needs agreement.model-dir");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "--detector",
                                        "lmu",
                                        "--agreement.detector",
                                        "classic",
                                        "--agreement.model-dir",
                                        "m"))
                .hasMessage(
                        "agreement.model-dir applies to agreement.detector lmu or medtsllm, not"
                                + " classic");
        assertThatThrownBy(() -> parse("--agreement.model-dir", "m"))
                .hasMessage("agreement.model-dir needs agreement.detector lmu or medtsllm");
    }

    private static BeatDetectionJobConfig parse(String... args) {
        return BeatDetectionJobConfig.fromArgs(args);
    }

    @Test
    void unknownDetectorListsAvailable() {
        assertThat(DetectorCatalog.byName("classic").name()).isEqualTo("pan-tompkins");
        assertThatThrownBy(() -> DetectorCatalog.byName("patchtst"))
                .hasMessage(
                        "Unknown beat detector 'patchtst'; available: [classic, lmu, medtsllm]."
                                + " Choose one with --detector");
    }
}
