package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.medstream.model.rhythm.AfDetector;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AgreementRule;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmThresholds;
import org.medstream.stream.alarm.OtherLeadBeats;
import org.medstream.stream.detect.LmuBeatDetector;
import org.medstream.stream.detect.PanTompkinsDetector;

/**
 * Prints, for every VENTRICULAR_TACHYCARDIA and ATRIAL_FIBRILLATION START that the classic detector
 * alone raises, the evidence the {@link AgreementRule} reads from the shipped LMU beats model: the
 * covering rate over a ventricular run, or the rhythm decisions over an irregular stretch. The LMU
 * model runs as the job's detector on the same chunks, and its beats up to the alarm's confirmation
 * sample stand for those the agreement detector would have reported, so this ignores its report
 * delay. It explains the score reports' rows and is not a test of the rule.
 *
 * <p>Runs only with {@code -Dmedstream.agreement.evidence="SPEC ..."}: each SPEC is a WFDB record
 * path without extension, or {@code noise100} for record 100 with a noise-only minute on lead MLII
 * (needs {@code -Dmedstream.alarm.nstdb}, see {@link AlarmScoreReport}), optionally followed by
 * {@code @} and the {@code alarm.atrial-fibrillation} time, for example {@code @10s}.
 */
@EnabledIfSystemProperty(named = "medstream.agreement.evidence", matches = ".+")
class AgreementEvidenceReport {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @Test
    void printEvidence() throws Exception {
        LmuBeatDetector lmu =
                new LmuBeatDetector(DATA.resolveSibling("models").resolve("lmu-beats"));
        StringBuilder out = new StringBuilder();
        out.append(
                "| Record | Alarm | Onset | Confirmation | Rate (bpm) | LMU evidence |\n"
                        + "|---|---|---|---|---|---|\n");
        for (String spec :
                System.getProperty("medstream.agreement.evidence").strip().split("\\s+")) {
            String[] parts = spec.split("@", 2);
            String name = Path.of(parts[0]).getFileName().toString();
            RecordChunks source =
                    parts[0].equals("noise100")
                            ? AlarmScoreReport.noiseOnlyStretch(
                                    Path.of(System.getProperty("medstream.alarm.nstdb")))
                            : RecordChunks.read(Path.of(parts[0]), name);
            AlarmThresholds thresholds = AlarmThresholds.defaults();
            if (parts.length == 2) {
                thresholds =
                        thresholds.with(
                                AlarmThresholds.ATRIAL_FIBRILLATION,
                                parts[1],
                                "alarm.atrial-fibrillation");
            }
            AlarmRules rules = new AlarmRules(thresholds);
            double fs = source.samplingFrequencyHz();
            List<SignalChunk> chunks = source.fixed((int) Math.round(fs));
            DetectionRun classic = DetectionRun.of(chunks, new PanTompkinsDetector(), rules);
            DetectionRun second = DetectionRun.of(chunks, lmu, rules);
            for (Alert alert : classic.alerts()) {
                boolean ventricular = alert.getType() == AlertType.VENTRICULAR_TACHYCARDIA;
                if (alert.getPhase() != AlertPhase.START
                        || !(ventricular || alert.getType() == AlertType.ATRIAL_FIBRILLATION)) {
                    continue;
                }
                OtherLeadBeats ring = new OtherLeadBeats(AgreementRule.BEAT_CAPACITY);
                for (Beat beat : second.beats()) {
                    if (beat.getSampleIndex() <= alert.getSampleIndex()) {
                        ring.add(beat.getSampleIndex(), beat.getBeatClass().charAt(0));
                    }
                }
                String evidence;
                if (ventricular) {
                    double bpm =
                            AgreementRule.coveringRateBpm(
                                    ring,
                                    AgreementRule.ventricularWindowStart(
                                            alert.getOnsetSampleIndex(), fs),
                                    alert.getSampleIndex(),
                                    Long.MAX_VALUE,
                                    fs);
                    evidence =
                            String.format(Locale.ROOT, "covering rate %.1f bpm", bpm)
                                    + "; LMU beats "
                                    + beatsNear(second.beats(), alert, fs)
                                    + "; classic beats "
                                    + beatsNear(classic.beats(), alert, fs);
                } else {
                    AgreementRule.RhythmDecisions decisions =
                            AgreementRule.rhythmDecisions(
                                    ring,
                                    alert.getOnsetSampleIndex(),
                                    alert.getSampleIndex(),
                                    Long.MAX_VALUE,
                                    AfDetector.withThresholds(
                                            thresholds.atrialFibrillationCosen(),
                                            AfDetector.DEFAULT_RMSSD_THRESHOLD),
                                    fs);
                    evidence =
                            decisions.irregular()
                                    + " of "
                                    + decisions.decisions()
                                    + " decisions irregular";
                }
                out.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %d | %d | %.1f | %s |%n",
                                name,
                                alert.getType(),
                                alert.getOnsetSampleIndex(),
                                alert.getSampleIndex(),
                                alert.getHeartRateBpm(),
                                evidence));
            }
        }
        System.out.println(out);
        Files.writeString(Path.of("target", "agreement-evidence.md"), out);
        assertThat(out).isNotEmpty();
    }

    /** Returns the beats from 1 s before the alarm's onset to its confirmation, with classes. */
    private static String beatsNear(List<Beat> beats, Alert alert, double fs) {
        StringBuilder text = new StringBuilder();
        for (Beat beat : beats) {
            if (beat.getSampleIndex() >= alert.getOnsetSampleIndex() - Math.round(fs)
                    && beat.getSampleIndex() <= alert.getSampleIndex()) {
                text.append(text.length() == 0 ? "" : " ")
                        .append(beat.getSampleIndex())
                        .append(beat.getBeatClass());
            }
        }
        return text.toString();
    }
}
