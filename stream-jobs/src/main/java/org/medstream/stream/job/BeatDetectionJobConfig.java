package org.medstream.stream.job;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;
import org.medstream.schemas.topic.Topics;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmThresholds;
import org.medstream.stream.beat.BeatDetectionSettings;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.MedTsLlmBeatDetector;
import org.medstream.stream.remote.Backoff;
import org.medstream.stream.remote.RemoteModelSettings;
import org.medstream.stream.time.DurationText;
import org.medstream.stream.webhook.WebhookFormat;
import org.medstream.stream.webhook.WebhookSettings;
import org.medstream.stream.webhook.WebhookTrust;

/**
 * Settings of {@link BeatDetectionJob}, as Flink {@link ConfigOption}s with types, defaults and
 * descriptions. {@link #OPTIONS} lists them for help text; {@link #fromArgs} reads {@code --key
 * value} pairs using the option keys, for example {@code --bootstrap-servers 127.0.0.1:9092
 * --watermark.idleness "30 s"}.
 */
public final class BeatDetectionJobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final ConfigOption<String> DETECTOR =
            ConfigOptions.key("detector")
                    .stringType()
                    .defaultValue("classic")
                    .withDescription(
                            "Name of the beat detector to run: classic (Pan-Tompkins), lmu (the"
                                    + " LMU beats model in $MEDSTREAM_HOME/models/lmu-beats, or"
                                    + " detector.model-dir) or medtsllm (a MedTsLLM beats model in"
                                    + " detector.model-dir).");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT =
            ConfigOptions.key("buffer-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(10))
                    .withDescription(
                            "Longest time a record waits in a Flink network buffer before it is"
                                    + " sent on (Flink's default is 100 ms). Each exchange between"
                                    + " operators adds up to this much to an alarm's delay, so the"
                                    + " job keeps it short; longer values send fuller buffers.");

    public static final ConfigOption<String> DETECTOR_MODEL_DIR =
            ConfigOptions.key("detector.model-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Model directory of detector lmu (in place of the shipped model) or"
                                    + " medtsllm (required), written by 'medstream train"
                                    + " --task beats'. A MedTsLLM detector reports a beat seconds"
                                    + " after it, so its alarms come that much later.");

    public static final ConfigOption<String> BEATS_REMOTE =
            ConfigOptions.key("beats.remote")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Address of a model server (medstream serve), such as"
                                    + " http://127.0.0.1:8090, that runs the beats model in place"
                                    + " of the in-process detector, windowed as for waves.remote:"
                                    + " the job writes the server's beats with their classes and"
                                    + " evaluates the alarm rules on them as in process. The"
                                    + " asystole suppressor has no other lead there, and"
                                    + " alarm.agreement cannot be on. Unset or empty keeps beat"
                                    + " detection in process; set at most one of detector and"
                                    + " beats.remote.");

    public static final ConfigOption<String> BEATS_REMOTE_MODEL =
            ConfigOptions.key("beats.remote-model")
                    .stringType()
                    .defaultValue("lmu-beats")
                    .withDescription(
                            "Name of the beats model on the server of beats.remote: the name of"
                                    + " the model directory it serves.");

    public static final ConfigOption<Duration> BEATS_REMOTE_REPORT_DELAY =
            ConfigOptions.key("beats.remote-report-delay")
                    .durationType()
                    .defaultValue(Duration.ofMillis(740))
                    .withDescription(
                            "Bound on the time from a beat to its report in the in-process"
                                    + " detector of the same model (0.74 s for lmu-beats: Δ,"
                                    + " twice the label half width and the resampler's delay at"
                                    + " 50 Hz). With beats.remote the alarms evaluate each"
                                    + " chunk's end this far back, as in process, so that"
                                    + " asystole, lead off and the asystole hold come at the same"
                                    + " samples.");

    public static final ConfigOption<String> WAVES_MODEL =
            ConfigOptions.key("waves.model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory of a streaming wave model (model.json and its streaming"
                                    + " weights, for example models/lmu-waves) that delineates"
                                    + " the P, QRS and T waves of every ECG lead; every task"
                                    + " manager must be able to read it. Unset or empty turns"
                                    + " wave delineation off.");

    public static final ConfigOption<String> WAVES_REMOTE =
            ConfigOptions.key("waves.remote")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Address of a model server (medstream serve), such as"
                                    + " http://127.0.0.1:8090, that runs the wave model in place"
                                    + " of waves.model: the job sends overlapping windows of each"
                                    + " stream (model-server.window, model-server.overlap) and"
                                    + " writes the same segments. Unset or empty keeps wave"
                                    + " delineation in process; set at most one of waves.model"
                                    + " and waves.remote.");

    public static final ConfigOption<String> WAVES_REMOTE_MODEL =
            ConfigOptions.key("waves.remote-model")
                    .stringType()
                    .defaultValue("lmu-waves")
                    .withDescription(
                            "Name of the wave model on the server of waves.remote: the name of"
                                    + " the model directory it serves.");

    public static final ConfigOption<String> BREATHS_MODEL =
            ConfigOptions.key("breaths.model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory of a breaths model (model.json and its weights): an LMU"
                                    + " model such as models/lmu-breaths, or a MedTsLLM breaths"
                                    + " model with its backbone file, which also reads the"
                                    + " covariate channels its model.json names. It detects"
                                    + " breath onsets on the respiration channel (RESP) of every"
                                    + " stream that has one; every task manager must be able to"
                                    + " read it. Unset or empty turns breath detection off.");

    public static final ConfigOption<Boolean> BREATHS_INVERTED =
            ConfigOptions.key("breaths.inverted")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether inhalation makes the respiration signal fall (some flow,"
                                    + " pressure and thermistor sensors, swapped impedance"
                                    + " electrodes). The breaths model expects it to rise, as"
                                    + " impedance pneumography and chest belts do, so the job"
                                    + " negates the signal when this is true.");

    public static final ConfigOption<String> BREATHS_REMOTE =
            ConfigOptions.key("breaths.remote")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Address of a model server (medstream serve), such as"
                                    + " http://127.0.0.1:8090, that runs the breaths model in"
                                    + " place of breaths.model, windowed as for waves.remote but"
                                    + " with breaths.remote-warmup before and"
                                    + " breaths.remote-look-ahead after each window's span."
                                    + " breaths.inverted and the apnea alarm apply as in process."
                                    + " Unset or empty keeps breath detection in process; set at"
                                    + " most one of breaths.model and breaths.remote.");

    public static final ConfigOption<String> BREATHS_REMOTE_MODEL =
            ConfigOptions.key("breaths.remote-model")
                    .stringType()
                    .defaultValue("lmu-breaths")
                    .withDescription(
                            "Name of the breaths model on the server of breaths.remote: the"
                                    + " name of the model directory it serves.");

    public static final ConfigOption<Duration> BREATHS_REMOTE_WARMUP =
            ConfigOptions.key("breaths.remote-warmup")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Signal sent before each window's span for breaths.remote (as"
                                    + " warmupSamples), in place of model-server.overlap. The"
                                    + " server standardises the respiration signal with moving"
                                    + " averages of 10 s time constant that start afresh in every"
                                    + " window, so the warm-up must span several time constants"
                                    + " for the breaths to equal those in process.");

    public static final ConfigOption<Duration> BREATHS_REMOTE_LOOK_AHEAD =
            ConfigOptions.key("breaths.remote-look-ahead")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "Signal sent after each window's span for breaths.remote, in place of"
                                    + " model-server.overlap: at least the model's delay plus"
                                    + " the longest breath label run (1 s + 0.8 s for"
                                    + " lmu-breaths), so that a breath near the span's end is"
                                    + " labelled from real signal and not from the server's end"
                                    + " padding. Breaths come up to model-server.window + this"
                                    + " later than in process.");

    public static final ConfigOption<String> BREATHS_REMOTE_COVARIATES =
            ConfigOptions.key("breaths.remote-covariates")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Channels sent after the respiration channel for breaths.remote,"
                                    + " comma-separated and found by name with case ignored,"
                                    + " such as PLETH for a MedTsLLM breaths model of RESP and"
                                    + " PLETH. A stream without one of them gets no remote"
                                    + " breaths. Empty sends the respiration channel alone, as"
                                    + " lmu-breaths reads it.");

    public static final ConfigOption<String> ANOMALIES_MODEL =
            ConfigOptions.key("anomalies.model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory of an anomalies model (model.json and its weights): an"
                                    + " LMU model such as models/lmu-anomalies, or a MedTsLLM"
                                    + " anomaly model with its backbone file. It scores lead II"
                                    + " and writes anomalous spans; every task manager must be"
                                    + " able to read it. Unset or empty turns anomaly scoring"
                                    + " off.");

    public static final ConfigOption<String> ANOMALIES_REMOTE =
            ConfigOptions.key("anomalies.remote")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Address of a model server (medstream serve), such as"
                                    + " http://127.0.0.1:8090, that runs the anomalies model in"
                                    + " place of anomalies.model, windowed as for waves.remote."
                                    + " Unset or empty keeps anomaly scoring in process; set at"
                                    + " most one of anomalies.model and anomalies.remote.");

    public static final ConfigOption<String> ANOMALIES_REMOTE_MODEL =
            ConfigOptions.key("anomalies.remote-model")
                    .stringType()
                    .defaultValue("lmu-anomalies")
                    .withDescription(
                            "Name of the anomalies model on the server of anomalies.remote: the"
                                    + " name of the model directory it serves.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMillis(500))
                    .withDescription(
                            "How far behind the newest chunk end the watermark stays, to allow"
                                    + " chunks of other streams on the same partition to arrive"
                                    + " late.");

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Time without records after which a source partition no longer holds"
                                    + " the watermark back; 0 disables idleness.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Interval between checkpoints; Kafka transactions commit on each"
                                    + " checkpoint, so this is also the output latency.");

    public static final ConfigOption<Duration> MAX_GAP_PADDING =
            ConfigOptions.key("gap.max-padding")
                    .durationType()
                    .defaultValue(BeatDetectionSettings.defaults().maxGapPadding())
                    .withDescription(
                            "Longest gap between chunks filled with missing (NaN) samples; longer"
                                    + " gaps restart the detector and the alarm rules.");

    public static final ConfigOption<Integer> HEART_RATE_BEATS =
            ConfigOptions.key("heart-rate.beats")
                    .intType()
                    .defaultValue(BeatDetectionSettings.defaults().heartRateBeats())
                    .withDescription("Number of recent RR intervals averaged for the heart rate.");

    public static final ConfigOption<Duration> STATE_RETENTION =
            ConfigOptions.key("state.retention")
                    .durationType()
                    .defaultValue(BeatDetectionSettings.defaults().stateRetention())
                    .withDescription(
                            "Processing time without chunks after which a stream's state is"
                                    + " dropped.");

    public static final ConfigOption<Duration> NO_DATA_TIMEOUT =
            ConfigOptions.key("alarm.no-data-timeout")
                    .durationType()
                    .defaultValue(BeatDetectionSettings.defaults().noDataTimeout())
                    .withDescription(
                            "Processing time without chunks from a stream that was sending after"
                                    + " which a technical NO_DATA alert (medium priority) is"
                                    + " raised, once per silence; 0 disables it. Must be shorter"
                                    + " than state.retention. Bounded inputs never raise it.");

    public static final ConfigOption<Duration> NO_DATA_ESCALATION =
            ConfigOptions.key("alarm.no-data-escalation")
                    .durationType()
                    .defaultValue(BeatDetectionSettings.defaults().noDataEscalation())
                    .withDescription(
                            "Time an open NO_DATA alert waits, with still no chunk from the"
                                    + " stream, before it escalates to high priority; 0 never"
                                    + " escalates.");

    public static final ConfigOption<Duration> APNEA =
            alarmDuration(
                    AlarmThresholds.APNEA,
                    AlarmThresholds.defaults().apneaSeconds(),
                    "Time without a breath onset after which a high-priority APNEA alert is"
                            + " raised, once per pause, on streams that the breaths model reads"
                            + " (breaths.model or breaths.remote); 0 disables it.");

    public static final ConfigOption<Duration> ALARM_ASYSTOLE =
            alarmDuration(
                    AlarmThresholds.ASYSTOLE,
                    AlarmThresholds.defaults().asystoleSeconds(),
                    "Time without a QRS complex, while the lead carries a signal, that raises"
                            + " ASYSTOLE.");

    public static final ConfigOption<Double> ALARM_BRADYCARDIA_BPM =
            alarmRate(
                    AlarmThresholds.BRADYCARDIA_BPM,
                    AlarmThresholds.defaults().bradycardiaBpm(),
                    "Heart rate in bpm below which a beat counts towards EXTREME_BRADYCARDIA.");

    public static final ConfigOption<Integer> ALARM_BRADYCARDIA_BEATS =
            alarmBeats(
                    AlarmThresholds.BRADYCARDIA_BEATS,
                    AlarmThresholds.defaults().bradycardiaBeats(),
                    "Consecutive beats below alarm.bradycardia-bpm that raise"
                            + " EXTREME_BRADYCARDIA.");

    public static final ConfigOption<Double> ALARM_TACHYCARDIA_BPM =
            alarmRate(
                    AlarmThresholds.TACHYCARDIA_BPM,
                    AlarmThresholds.defaults().tachycardiaBpm(),
                    "Heart rate in bpm above which a beat counts towards EXTREME_TACHYCARDIA.");

    public static final ConfigOption<Integer> ALARM_TACHYCARDIA_BEATS =
            alarmBeats(
                    AlarmThresholds.TACHYCARDIA_BEATS,
                    AlarmThresholds.defaults().tachycardiaBeats(),
                    "Consecutive beats above alarm.tachycardia-bpm that raise"
                            + " EXTREME_TACHYCARDIA.");

    public static final ConfigOption<Integer> ALARM_VENTRICULAR_BEATS =
            alarmBeats(
                    AlarmThresholds.VENTRICULAR_BEATS,
                    AlarmThresholds.defaults().ventricularBeats(),
                    "Consecutive ventricular beats that raise VENTRICULAR_TACHYCARDIA, at least"
                            + " 2.");

    public static final ConfigOption<Double> ALARM_VENTRICULAR_BPM =
            alarmRate(
                    AlarmThresholds.VENTRICULAR_BPM,
                    AlarmThresholds.defaults().ventricularBpm(),
                    "Mean rate in bpm of a ventricular run above which it raises"
                            + " VENTRICULAR_TACHYCARDIA.");

    public static final ConfigOption<Double> ALARM_UPDATE_STEP_BPM =
            alarmRate(
                    AlarmThresholds.UPDATE_STEP_BPM,
                    AlarmThresholds.defaults().updateStepBpm(),
                    "Change in bpm of an open rate alarm's mean rate, from the last rate sent,"
                            + " that sends an UPDATE.");

    public static final ConfigOption<Duration> ALARM_UPDATE_INTERVAL =
            alarmDuration(
                    AlarmThresholds.UPDATE_INTERVAL,
                    AlarmThresholds.defaults().updateIntervalSeconds(),
                    "Minimum stream time between two records of one rate alarm for an UPDATE;"
                            + " 0 for no limit.");

    public static final ConfigOption<Duration> ALARM_LEAD_OFF_ESCALATION =
            alarmDuration(
                    AlarmThresholds.LEAD_OFF_ESCALATION,
                    AlarmThresholds.defaults().leadOffEscalationSeconds(),
                    "Time a lead must stay flat or missing before LEAD_OFF escalates from medium"
                            + " to high priority; 0 never escalates.");

    public static final ConfigOption<String> ALARM_SUPPRESSOR =
            ConfigOptions.key(AlarmProfiles.PREFIX + AlarmThresholds.SUPPRESSOR)
                    .stringType()
                    .defaultValue(AlarmThresholds.defaults().suppressor() ? "on" : "off")
                    .withDescription(
                            "on or off. With on, a second detector reads the stream's second ECG"
                                    + " lead, if it has one, and an ASYSTOLE is held back while"
                                    + " that lead shows at least 2 QRS complexes at 20 to 250 bpm"
                                    + " in the asystole window. Streams with one ECG lead are not"
                                    + " affected.");

    public static final ConfigOption<String> ALARM_AGREEMENT =
            ConfigOptions.key(AlarmProfiles.PREFIX + AlarmThresholds.AGREEMENT)
                    .stringType()
                    .defaultValue(AlarmThresholds.defaults().agreement() ? "on" : "off")
                    .withDescription(
                            "on or off. With on, a second beat detector (agreement.detector;"
                                    + " by default the LMU beats model in"
                                    + " $MEDSTREAM_HOME/models/lmu-beats beside the classic"
                                    + " detector, the classic detector beside lmu) reads the alarm"
                                    + " lead, and ASYSTOLE, EXTREME_BRADYCARDIA,"
                                    + " EXTREME_TACHYCARDIA, VENTRICULAR_TACHYCARDIA and"
                                    + " ATRIAL_FIBRILLATION are held back when its beats over the"
                                    + " alarm window contradict them. Costs the second detector's"
                                    + " CPU time on every stream where it is on.");

    public static final ConfigOption<String> AGREEMENT_DETECTOR =
            ConfigOptions.key("agreement.detector")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Beat detector that checks the alarms where alarm.agreement is on:"
                                    + " classic, lmu or medtsllm (with agreement.model-dir), other"
                                    + " than detector. Unset: lmu beside the classic and medtsllm"
                                    + " detectors, classic beside lmu. A MedTsLLM detector reports"
                                    + " beats seconds late, and the alarms it checks wait for it.");

    public static final ConfigOption<String> AGREEMENT_MODEL_DIR =
            ConfigOptions.key("agreement.model-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Model directory of agreement.detector lmu (in place of the shipped"
                                    + " model) or medtsllm (required), written by 'medstream train"
                                    + " --task beats'.");

    public static final ConfigOption<Duration> ALARM_ATRIAL_FIBRILLATION =
            alarmDuration(
                    AlarmThresholds.ATRIAL_FIBRILLATION,
                    AlarmThresholds.defaults().atrialFibrillationSeconds(),
                    "Time the RR intervals must stay irregular before an ATRIAL_FIBRILLATION"
                            + " alert is raised, at medium priority, or high while its mean rate"
                            + " is above alarm.tachycardia-bpm; 0 disables it.");

    public static final ConfigOption<Duration> ALARM_ATRIAL_FIBRILLATION_END =
            alarmDuration(
                    AlarmThresholds.ATRIAL_FIBRILLATION_END,
                    AlarmThresholds.defaults().atrialFibrillationEndSeconds(),
                    "Time the RR intervals must stay regular before ATRIAL_FIBRILLATION ends.");

    public static final ConfigOption<Duration> ALARM_VENTRICULAR_FIBRILLATION =
            alarmDuration(
                    AlarmThresholds.VENTRICULAR_FIBRILLATION,
                    AlarmThresholds.defaults().ventricularFibrillationSeconds(),
                    "Time the primary ECG lead must show a fibrillatory waveform (VF filter"
                            + " leakage) before a high-priority VENTRICULAR_FLUTTER_FIBRILLATION"
                            + " alert is raised, and must not show one before it ends; 0"
                            + " disables it.");

    public static final ConfigOption<Double> ALARM_ATRIAL_FIBRILLATION_COSEN =
            ConfigOptions.key(AlarmProfiles.PREFIX + AlarmThresholds.ATRIAL_FIBRILLATION_COSEN)
                    .doubleType()
                    .defaultValue(AlarmThresholds.defaults().atrialFibrillationCosen())
                    .withDescription(
                            "Coefficient of sample entropy of the last 16 RR intervals above"
                                    + " which they count as irregular for ATRIAL_FIBRILLATION;"
                                    + " higher values raise fewer alarms and miss more atrial"
                                    + " fibrillation.");

    public static final ConfigOption<String> WEBHOOK_URL =
            ConfigOptions.key("webhook.url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "HTTP(S) URL that receives each alert record as a POST, in the"
                                    + " form webhook.format names; unset disables webhook"
                                    + " delivery.");

    public static final ConfigOption<Duration> WEBHOOK_TIMEOUT =
            ConfigOptions.key("webhook.timeout")
                    .durationType()
                    .defaultValue(WebhookSettings.defaults().requestTimeout())
                    .withDescription("Connect and response timeout of one webhook request.");

    public static final ConfigOption<Integer> WEBHOOK_MAX_ATTEMPTS =
            ConfigOptions.key("webhook.max-attempts")
                    .intType()
                    .defaultValue(WebhookSettings.defaults().maxAttempts())
                    .withDescription(
                            "Attempts per alert, the first included, before it becomes a"
                                    + " DELIVERY_FAILED dead letter.");

    public static final ConfigOption<Duration> WEBHOOK_INITIAL_BACKOFF =
            ConfigOptions.key("webhook.initial-backoff")
                    .durationType()
                    .defaultValue(WebhookSettings.defaults().initialBackoff())
                    .withDescription("Wait before the first retry; it doubles on each retry.");

    public static final ConfigOption<Duration> WEBHOOK_MAX_AGE =
            ConfigOptions.key("webhook.max-age")
                    .durationType()
                    .defaultValue(WebhookSettings.defaults().maxAge())
                    .withDescription(
                            "Age of an alert, from its emittedAt time, after which no further"
                                    + " attempt starts and it becomes a DELIVERY_FAILED dead"
                                    + " letter; 0 for no limit.");

    public static final ConfigOption<String> WEBHOOK_SECRET_FILE =
            ConfigOptions.key("webhook.secret-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File whose content (surrounding whitespace removed) is the shared"
                                    + " secret for the HMAC-SHA256 signature header of each"
                                    + " webhook request; unset sends unsigned requests. A file"
                                    + " keeps the secret out of command lines and process"
                                    + " lists.");

    public static final ConfigOption<String> WEBHOOK_FORMAT =
            ConfigOptions.key("webhook.format")
                    .stringType()
                    .defaultValue("json")
                    .withDescription(
                            "Body of webhook requests: json (medstream's alert document) or fhir"
                                    + " (a FHIR R4 Bundle with one DetectedIssue, sent as"
                                    + " application/fhir+json).");

    public static final ConfigOption<String> WEBHOOK_TRUSTSTORE =
            ConfigOptions.key("webhook.truststore")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "PKCS12 or JKS trust store for https webhook URLs, in place of the"
                                    + " JVM's default one; unset uses the JVM's.");

    public static final ConfigOption<String> WEBHOOK_TRUSTSTORE_PASSWORD =
            ConfigOptions.key("webhook.truststore-password")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Password of webhook.truststore.");

    public static final ConfigOption<Duration> MODEL_SERVER_TIMEOUT =
            ConfigOptions.key("model-server.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Connect and response timeout of one model server request.");

    public static final ConfigOption<Integer> MODEL_SERVER_MAX_ATTEMPTS =
            ConfigOptions.key("model-server.max-attempts")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "Attempts per window, the first included, for connection errors,"
                                    + " timeouts, 429 and 5xx responses; after the last the window"
                                    + " becomes a model-unavailable dead letter and the stream"
                                    + " gets a MODEL_UNAVAILABLE alert. With the default backoff"
                                    + " the waits of 10 attempts add up to at most 26.2 s, 13.1 s"
                                    + " on average, which outlasts a typical server restart.");

    public static final ConfigOption<Duration> MODEL_SERVER_INITIAL_BACKOFF =
            ConfigOptions.key("model-server.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription(
                            "Ceiling of the random wait before the first retry; it doubles on"
                                    + " each retry up to model-server.max-backoff. A Retry-After"
                                    + " of the server raises the wait to at least its value, up"
                                    + " to model-server.max-backoff.");

    public static final ConfigOption<Duration> MODEL_SERVER_MAX_BACKOFF =
            ConfigOptions.key("model-server.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("Longest wait between two attempts of one window.");

    public static final ConfigOption<Integer> MODEL_SERVER_CAPACITY =
            ConfigOptions.key("model-server.capacity")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Windows in flight per parallel instance of the async operator;"
                                    + " when they are all waiting, the operator stops taking"
                                    + " input and back-pressure reaches the Kafka source.");

    public static final ConfigOption<Duration> MODEL_SERVER_WINDOW =
            ConfigOptions.key("model-server.window")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(8))
                    .withDescription(
                            "Span of samples whose events one window reports. A window is sent"
                                    + " when the stream has passed its span by"
                                    + " model-server.overlap, so events come up to window +"
                                    + " overlap later than in process.");

    public static final ConfigOption<Duration> MODEL_SERVER_OVERLAP =
            ConfigOptions.key("model-server.overlap")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Signal sent before each window's span (as warmupSamples) and after"
                                    + " it, so that the stateless server labels the span as the"
                                    + " in-process model does; at least the model's θ + Δ"
                                    + " (0.7 s for lmu-waves).");

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers, host:port[,host:port...].");

    public static final ConfigOption<String> INPUT_TOPIC =
            ConfigOptions.key("input-topic")
                    .stringType()
                    .defaultValue(Topics.SIGNALS_CLEAN.name())
                    .withDescription(
                            "Topic of the signal chunks to read: the ingest gate's output.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("group-id")
                    .stringType()
                    .defaultValue("medstream-beat-detection")
                    .withDescription("Kafka consumer group id of the chunk source.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("transactional-id-prefix")
                    .stringType()
                    .defaultValue("medstream-beat-detection")
                    .withDescription(
                            "Prefix of the Kafka transactional ids of the exactly-once sinks;"
                                    + " unique per job on one Kafka cluster.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Kafka producer transaction timeout; must stay below the broker's"
                                    + " transaction.max.timeout.ms (15 min by default).");

    /** Every option, in help order. */
    public static final List<ConfigOption<?>> OPTIONS =
            List.of(
                    DETECTOR,
                    DETECTOR_MODEL_DIR,
                    BUFFER_TIMEOUT,
                    BEATS_REMOTE,
                    BEATS_REMOTE_MODEL,
                    BEATS_REMOTE_REPORT_DELAY,
                    WAVES_MODEL,
                    WAVES_REMOTE,
                    WAVES_REMOTE_MODEL,
                    BREATHS_MODEL,
                    BREATHS_INVERTED,
                    BREATHS_REMOTE,
                    BREATHS_REMOTE_MODEL,
                    BREATHS_REMOTE_WARMUP,
                    BREATHS_REMOTE_LOOK_AHEAD,
                    BREATHS_REMOTE_COVARIATES,
                    ANOMALIES_MODEL,
                    ANOMALIES_REMOTE,
                    ANOMALIES_REMOTE_MODEL,
                    OUT_OF_ORDERNESS,
                    IDLENESS,
                    CHECKPOINT_INTERVAL,
                    MAX_GAP_PADDING,
                    HEART_RATE_BEATS,
                    STATE_RETENTION,
                    NO_DATA_TIMEOUT,
                    NO_DATA_ESCALATION,
                    APNEA,
                    ALARM_ASYSTOLE,
                    ALARM_BRADYCARDIA_BPM,
                    ALARM_BRADYCARDIA_BEATS,
                    ALARM_TACHYCARDIA_BPM,
                    ALARM_TACHYCARDIA_BEATS,
                    ALARM_VENTRICULAR_BEATS,
                    ALARM_VENTRICULAR_BPM,
                    ALARM_UPDATE_STEP_BPM,
                    ALARM_UPDATE_INTERVAL,
                    ALARM_LEAD_OFF_ESCALATION,
                    ALARM_SUPPRESSOR,
                    ALARM_AGREEMENT,
                    AGREEMENT_DETECTOR,
                    AGREEMENT_MODEL_DIR,
                    ALARM_ATRIAL_FIBRILLATION,
                    ALARM_ATRIAL_FIBRILLATION_END,
                    ALARM_ATRIAL_FIBRILLATION_COSEN,
                    ALARM_VENTRICULAR_FIBRILLATION,
                    WEBHOOK_URL,
                    WEBHOOK_TIMEOUT,
                    WEBHOOK_MAX_ATTEMPTS,
                    WEBHOOK_INITIAL_BACKOFF,
                    WEBHOOK_MAX_AGE,
                    WEBHOOK_SECRET_FILE,
                    WEBHOOK_FORMAT,
                    WEBHOOK_TRUSTSTORE,
                    WEBHOOK_TRUSTSTORE_PASSWORD,
                    MODEL_SERVER_TIMEOUT,
                    MODEL_SERVER_MAX_ATTEMPTS,
                    MODEL_SERVER_INITIAL_BACKOFF,
                    MODEL_SERVER_MAX_BACKOFF,
                    MODEL_SERVER_CAPACITY,
                    MODEL_SERVER_WINDOW,
                    MODEL_SERVER_OVERLAP,
                    BOOTSTRAP_SERVERS,
                    INPUT_TOPIC,
                    GROUP_ID,
                    TRANSACTIONAL_ID_PREFIX,
                    TRANSACTION_TIMEOUT);

    private final Configuration configuration;

    private BeatDetectionJobConfig(Configuration configuration) {
        this.configuration = configuration;
    }

    /** All defaults. */
    public static BeatDetectionJobConfig defaults() {
        return new BeatDetectionJobConfig(new Configuration());
    }

    /** Reads options from a map of option keys to string values. */
    public static BeatDetectionJobConfig fromMap(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (OPTIONS.stream().noneMatch(option -> option.key().equals(key))
                    && !key.startsWith(AlarmProfiles.UNIT_PREFIX)
                    && !key.startsWith(AlarmProfiles.STREAM_PREFIX)) {
                throw new IllegalArgumentException(
                        "Unknown option '"
                                + key
                                + "'"
                                + closestKey(key)
                                        .map(known -> " (did you mean '" + known + "'?)")
                                        .orElse("")
                                + "; 'medstream job --list-options' lists the options");
            }
        }
        BeatDetectionJobConfig config = new BeatDetectionJobConfig(Configuration.fromMap(values));
        for (ConfigOption<?> option : OPTIONS) {
            if (values.containsKey(option.key())) {
                config.requireReadable(option, values.get(option.key()));
            }
        }
        config.settings();
        config.detectorModelDirectory();
        config.agreementDetector();
        config.webhookSettings();
        config.beatsRemote();
        config.wavesRemote();
        config.breathsRemote();
        config.anomaliesRemote();
        config.alarmProfiles(AlarmRules.defaults());
        return config;
    }

    /**
     * Reads {@code option} once, so that a value of the wrong type stops the job at start with the
     * option, the value and the expected form, not with Flink's bare parse error.
     */
    private void requireReadable(ConfigOption<?> option, String value) {
        try {
            if (option.defaultValue() instanceof Duration) {
                DurationText.parse(value);
            }
            configuration.get(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Invalid value '"
                            + value
                            + "' for option '"
                            + option.key()
                            + "'; expected "
                            + expectedForm(option.defaultValue()),
                    e);
        }
    }

    private static String expectedForm(Object defaultValue) {
        if (defaultValue instanceof Duration) {
            return DurationText.EXPECTED;
        }
        if (defaultValue instanceof Integer || defaultValue instanceof Long) {
            return "a whole number";
        }
        if (defaultValue instanceof Double || defaultValue instanceof Float) {
            return "a number";
        }
        if (defaultValue instanceof Boolean) {
            return "true or false";
        }
        return "a value as 'medstream job --list-options' describes";
    }

    /**
     * Returns the known option that {@code key} begins, or else the one closest to it when that is
     * a likely typing error.
     */
    private static Optional<String> closestKey(String key) {
        for (ConfigOption<?> option : OPTIONS) {
            if (option.key().startsWith(key)) {
                return Optional.of(option.key());
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigOption<?> option : OPTIONS) {
            int distance = editDistance(key, option.key());
            if (distance < bestDistance) {
                best = option.key();
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4)
                ? Optional.ofNullable(best)
                : Optional.empty();
    }

    /** Levenshtein distance: inserted, deleted and replaced characters. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Reads {@code --key value} pairs. */
    public static BeatDetectionJobConfig fromArgs(String[] args) {
        return fromMap(org.apache.flink.util.ParameterTool.fromArgs(args).toMap());
    }

    /** Returns a copy with {@code option} set to {@code value}. */
    public <T> BeatDetectionJobConfig with(ConfigOption<T> option, T value) {
        Configuration copy = new Configuration(configuration);
        copy.set(option, value);
        return new BeatDetectionJobConfig(copy);
    }

    public <T> T get(ConfigOption<T> option) {
        return configuration.get(option);
    }

    public Optional<String> webhookUrl() {
        return configuration.getOptional(WEBHOOK_URL);
    }

    /**
     * Returns the model directory of the {@code detector}, empty for the classic detector and the
     * shipped LMU model.
     *
     * @throws IllegalArgumentException when detector medtsllm has no directory, or the classic
     *     detector has one
     */
    public Optional<Path> detectorModelDirectory() {
        Optional<Path> directory = path(DETECTOR_MODEL_DIR);
        requireModelDirectoryFits(
                configuration.get(DETECTOR), directory, DETECTOR, DETECTOR_MODEL_DIR);
        return directory;
    }

    /** Returns the path that {@code option} names, empty when it is unset or blank. */
    private Optional<Path> path(ConfigOption<String> option) {
        return configuration.getOptional(option).filter(value -> !value.isBlank()).map(Path::of);
    }

    /**
     * Checks that {@code detector} has a model directory when it needs one (medtsllm) and none when
     * it has no model (classic); the messages name {@code detectorOption} and {@code
     * directoryOption}.
     */
    private static void requireModelDirectoryFits(
            String detector,
            Optional<Path> directory,
            ConfigOption<String> detectorOption,
            ConfigOption<String> directoryOption) {
        if (detector.equals(MedTsLlmBeatDetector.NAME) && directory.isEmpty()) {
            throw new IllegalArgumentException(
                    detectorOption.key()
                            + " medtsllm needs "
                            + directoryOption.key()
                            + ": a directory written by 'medstream train --model medtsllm --task"
                            + " beats'");
        }
        if (detector.equals(DetectorCatalog.CLASSIC) && directory.isPresent()) {
            throw new IllegalArgumentException(
                    directoryOption.key()
                            + " applies to "
                            + detectorOption.key()
                            + " lmu or medtsllm, not classic");
        }
    }

    /**
     * Returns the name and model directory of {@link #AGREEMENT_DETECTOR}, empty when it is not set
     * and the job picks the detector of the other kind.
     *
     * @throws IllegalArgumentException when the name is unknown or the same as {@link #DETECTOR},
     *     when detector medtsllm has no directory, or the classic detector has one
     */
    public Optional<DetectorChoice> agreementDetector() {
        Optional<String> name =
                configuration.getOptional(AGREEMENT_DETECTOR).filter(value -> !value.isBlank());
        Optional<Path> directory = path(AGREEMENT_MODEL_DIR);
        if (name.isEmpty()) {
            if (directory.isPresent()) {
                throw new IllegalArgumentException(
                        "agreement.model-dir needs agreement.detector lmu or medtsllm");
            }
            return Optional.empty();
        }
        String detector = name.get();
        if (!DetectorCatalog.names().contains(detector)) {
            throw new IllegalArgumentException(
                    "Invalid agreement.detector '"
                            + detector
                            + "'; expected one of "
                            + DetectorCatalog.names());
        }
        if (detector.equals(configuration.get(DETECTOR))) {
            throw new IllegalArgumentException(
                    "Invalid agreement.detector '"
                            + detector
                            + "': it must differ from detector, because a detector cannot check"
                            + " its own alarms");
        }
        requireModelDirectoryFits(detector, directory, AGREEMENT_DETECTOR, AGREEMENT_MODEL_DIR);
        return Optional.of(new DetectorChoice(detector, directory.orElse(null)));
    }

    /**
     * A beat detector by name, with its model directory.
     *
     * @param modelDirectory the model directory, or null for the classic detector or the shipped
     *     LMU model
     */
    public record DetectorChoice(String name, Path modelDirectory) {
        /** Returns a new instance of the detector. */
        public BeatDetector<?> create() {
            return DetectorCatalog.of(name, modelDirectory);
        }
    }

    /** Directory of the wave model, empty when wave delineation is off. */
    public Optional<String> wavesModel() {
        return configuration.getOptional(WAVES_MODEL).filter(directory -> !directory.isBlank());
    }

    /**
     * Returns how to call the model server of {@link #BEATS_REMOTE}, empty when beats are detected
     * in process. The alarms' report delay is {@link #beatsRemoteReportDelay()}.
     *
     * @throws IllegalArgumentException when the address, a model-server option or the report delay
     *     is invalid, or detector is set too
     */
    public Optional<RemoteModelSettings> beatsRemote() {
        Optional<RemoteModelSettings> remote =
                remote(BEATS_REMOTE, BEATS_REMOTE_MODEL, DETECTOR, "detect beats");
        if (remote.isPresent()) {
            beatsRemoteReportDelay();
        }
        return remote;
    }

    /**
     * Returns the report delay of the remote beats path's alarms.
     *
     * @throws IllegalArgumentException when it is negative
     */
    public Duration beatsRemoteReportDelay() {
        return nonNegative(BEATS_REMOTE_REPORT_DELAY);
    }

    /**
     * Returns how to call the model server of {@link #WAVES_REMOTE}, empty when waves are
     * delineated in process or not at all.
     *
     * @throws IllegalArgumentException when the address or a model-server option is invalid, or
     *     waves.model is set too
     */
    public Optional<RemoteModelSettings> wavesRemote() {
        return remote(WAVES_REMOTE, WAVES_REMOTE_MODEL, WAVES_MODEL, "delineate waves");
    }

    /**
     * Returns how to call the model server of {@link #BREATHS_REMOTE}, empty when breaths are
     * detected in process or not at all. The windows' warm-up and look-ahead are {@link
     * #breathsRemoteWarmup()} and {@link #breathsRemoteLookAhead()}.
     *
     * @throws IllegalArgumentException when the address, a model-server option, the warm-up or the
     *     look-ahead is invalid, or breaths.model is set too
     */
    public Optional<RemoteModelSettings> breathsRemote() {
        Optional<RemoteModelSettings> remote =
                remote(BREATHS_REMOTE, BREATHS_REMOTE_MODEL, BREATHS_MODEL, "detect breaths");
        if (remote.isPresent()) {
            breathsRemoteWarmup();
            breathsRemoteLookAhead();
        }
        return remote;
    }

    /** Returns the channels sent after the respiration channel for breaths.remote, in order. */
    public List<String> breathsRemoteCovariates() {
        List<String> names = new ArrayList<>();
        for (String name : get(BREATHS_REMOTE_COVARIATES).split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    /**
     * Returns the warm-up of the breaths windows.
     *
     * @throws IllegalArgumentException when it is negative
     */
    public Duration breathsRemoteWarmup() {
        return nonNegative(BREATHS_REMOTE_WARMUP);
    }

    /**
     * Returns the look-ahead of the breaths windows.
     *
     * @throws IllegalArgumentException when it is negative
     */
    public Duration breathsRemoteLookAhead() {
        return nonNegative(BREATHS_REMOTE_LOOK_AHEAD);
    }

    private Duration nonNegative(ConfigOption<Duration> option) {
        Duration value = get(option);
        if (value.isNegative()) {
            throw new IllegalArgumentException(
                    "Invalid " + option.key() + " " + value + "; expected 0 or more");
        }
        return value;
    }

    /**
     * Returns how to call the model server of {@link #ANOMALIES_REMOTE}, empty when anomalies are
     * scored in process or not at all.
     *
     * @throws IllegalArgumentException when the address or a model-server option is invalid, or
     *     anomalies.model is set too
     */
    public Optional<RemoteModelSettings> anomaliesRemote() {
        return remote(ANOMALIES_REMOTE, ANOMALIES_REMOTE_MODEL, ANOMALIES_MODEL, "score anomalies");
    }

    private Optional<RemoteModelSettings> remote(
            ConfigOption<String> addressOption,
            ConfigOption<String> modelOption,
            ConfigOption<String> inProcessOption,
            String activity) {
        Optional<String> address =
                configuration.getOptional(addressOption).filter(value -> !value.isBlank());
        if (address.isEmpty()) {
            return Optional.empty();
        }
        if (configuration
                .getOptional(inProcessOption)
                .filter(value -> !value.isBlank())
                .isPresent()) {
            throw new IllegalArgumentException(
                    inProcessOption.key()
                            + " and "
                            + addressOption.key()
                            + " are both set; set "
                            + inProcessOption.key()
                            + " to "
                            + activity
                            + " in the job or "
                            + addressOption.key()
                            + " to call a model server, not both");
        }
        URI serverUri;
        try {
            serverUri = new URI(address.get().strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Invalid "
                            + addressOption.key()
                            + " '"
                            + address.get()
                            + "': "
                            + e.getMessage()
                            + "; expected http://host:port, for example http://127.0.0.1:8090",
                    e);
        }
        try {
            return Optional.of(
                    new RemoteModelSettings(
                            serverUri,
                            get(modelOption),
                            get(MODEL_SERVER_TIMEOUT),
                            get(MODEL_SERVER_MAX_ATTEMPTS),
                            new Backoff(
                                    get(MODEL_SERVER_INITIAL_BACKOFF),
                                    get(MODEL_SERVER_MAX_BACKOFF)),
                            get(MODEL_SERVER_CAPACITY),
                            get(MODEL_SERVER_WINDOW),
                            get(MODEL_SERVER_OVERLAP)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Invalid remote model settings ("
                            + addressOption.key()
                            + ", "
                            + modelOption.key()
                            + ", model-server.*): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Directory of the breaths model, empty when breath detection is off. */
    public Optional<String> breathsModel() {
        return configuration.getOptional(BREATHS_MODEL).filter(directory -> !directory.isBlank());
    }

    /** Directory of the anomalies model, empty when anomaly scoring is off. */
    public Optional<String> anomaliesModel() {
        return configuration.getOptional(ANOMALIES_MODEL).filter(directory -> !directory.isBlank());
    }

    public BeatDetectionSettings settings() {
        return new BeatDetectionSettings(
                get(MAX_GAP_PADDING),
                get(HEART_RATE_BEATS),
                get(STATE_RETENTION),
                get(NO_DATA_TIMEOUT),
                get(NO_DATA_ESCALATION));
    }

    /**
     * Returns the alarm rules of every stream: the {@code alarm.*} options, including those per
     * care unit and per stream, on top of the thresholds of {@code defaults}.
     *
     * @throws IllegalArgumentException naming the option and its value when one is invalid
     */
    public AlarmProfiles alarmProfiles(AlarmRules defaults) {
        return AlarmProfiles.fromOptions(defaults.thresholds(), configuration.toMap());
    }

    /**
     * Returns the webhook retry policy, signing secret and trust store.
     *
     * @throws IllegalArgumentException when the secret file cannot be read or is empty, or the
     *     trust store cannot be read
     */
    public WebhookSettings webhookSettings() {
        return new WebhookSettings(
                get(WEBHOOK_TIMEOUT),
                get(WEBHOOK_MAX_ATTEMPTS),
                get(WEBHOOK_INITIAL_BACKOFF),
                get(WEBHOOK_MAX_AGE),
                configuration
                        .getOptional(WEBHOOK_SECRET_FILE)
                        .map(BeatDetectionJobConfig::readSecret)
                        .orElse(null),
                trust(),
                WebhookFormat.of(get(WEBHOOK_FORMAT)));
    }

    /**
     * Returns the configured trust store, or null when none is configured. Its TLS context is built
     * once here, so that a bad file fails at start and not at the first alert.
     */
    private WebhookTrust trust() {
        Optional<String> trustStore = configuration.getOptional(WEBHOOK_TRUSTSTORE);
        if (trustStore.isEmpty()) {
            return null;
        }
        WebhookTrust trust = new WebhookTrust(trustStore.get(), get(WEBHOOK_TRUSTSTORE_PASSWORD));
        trust.sslContext();
        return trust;
    }

    private static String readSecret(String file) {
        String secret;
        try {
            secret = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException(
                    "Failed to read "
                            + WEBHOOK_SECRET_FILE.key()
                            + " "
                            + file
                            + ": "
                            + e.getMessage()
                            + "; give a readable file that contains the secret",
                    e);
        }
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(
                    WEBHOOK_SECRET_FILE.key()
                            + " "
                            + file
                            + " is empty; write the shared secret into it");
        }
        return secret;
    }

    /** Bootstrap servers, required by the Kafka wiring. */
    public String bootstrapServers() {
        return configuration
                .getOptional(BOOTSTRAP_SERVERS)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "Missing --"
                                                + BOOTSTRAP_SERVERS.key()
                                                + "; pass the Kafka bootstrap servers, for"
                                                + " example --bootstrap-servers"
                                                + " 127.0.0.1:9092"));
    }

    /** Returns one line per option: key, default and description. */
    public static String help() {
        StringBuilder help = new StringBuilder();
        for (ConfigOption<?> option : OPTIONS) {
            help.append("  --")
                    .append(option.key())
                    .append(
                            option.hasDefaultValue()
                                    ? " (default " + formatValue(option.defaultValue()) + ")"
                                    : "")
                    .append(": ")
                    .append(new HtmlFormatter().format(option.description()))
                    .append(System.lineSeparator());
        }
        help.append(System.lineSeparator())
                .append("  Alarm thresholds per care unit and per stream:")
                .append(" alarm.unit.UNIT.NAME and alarm.stream.STREAM.NAME, with NAME one of ")
                .append(String.join(", ", AlarmThresholds.NAMES))
                .append("; alarm.stream.STREAM.unit assigns a stream to a care unit. A stream's")
                .append(" own value wins over its unit's, which wins over the job's. The other")
                .append(" options apply to the whole job.")
                .append(System.lineSeparator());
        return help.toString();
    }

    private static ConfigOption<Duration> alarmDuration(
            String name, double defaultSeconds, String description) {
        return ConfigOptions.key(AlarmProfiles.PREFIX + name)
                .durationType()
                .defaultValue(Duration.ofNanos(Math.round(defaultSeconds * 1e9)))
                .withDescription(description);
    }

    private static ConfigOption<Double> alarmRate(
            String name, double defaultValue, String description) {
        return ConfigOptions.key(AlarmProfiles.PREFIX + name)
                .doubleType()
                .defaultValue(defaultValue)
                .withDescription(description);
    }

    private static ConfigOption<Integer> alarmBeats(
            String name, int defaultValue, String description) {
        return ConfigOptions.key(AlarmProfiles.PREFIX + name)
                .intType()
                .defaultValue(defaultValue)
                .withDescription(description);
    }

    private static String formatValue(Object value) {
        if (value instanceof Duration duration) {
            return TimeUtils.formatWithHighestUnit(duration);
        }
        return String.valueOf(value);
    }
}
