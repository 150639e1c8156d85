package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.ingest.wfdb.WfdbHeader;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmThresholds;
import org.medstream.stream.detect.PanTompkinsDetector;

/**
 * Scores the alarms of the beat detection operator (classic detector, default limits) on every
 * bundled record, with the asystole suppressor on and off, and prints a Markdown table. Runs only
 * with {@code -Dmedstream.alarm.score=true}, because it reads about 4 hours of ECG (about 45 s on
 * two cores).
 *
 * <p>An ASYSTOLE on an annotated record is false when the reference annotations have a beat inside
 * its window, more than 150 ms after its onset (the onset is the last detected beat) and up to its
 * confirmation sample. On a PhysioNet/CinC Challenge 2015 record, the job calls the monitor's alarm
 * true when it raises a START of the labelled type whose window overlaps the 10 s before the
 * monitor's alarm at 300 s, and the score is (TP+TN)/(TP+TN+FP+5·FN).
 */
@EnabledIfSystemProperty(named = "medstream.alarm.score", matches = "true")
class AlarmScoreReport {
    private static final List<String> ANNOTATED =
            List.of(
                    "mitdb/100",
                    "mitdb/103",
                    "mitdb/105",
                    "mitdb/106",
                    "mitdb/108",
                    "mitdb/118",
                    "mitdb/208",
                    "svdb/800");
    private static final List<String> CINC = List.of("cinc2015/a103l", "cinc2015/v102s");
    private static final double MATCH_SECONDS = 0.15;
    private static final int TP = 0;
    private static final int TN = 1;
    private static final int FP = 2;
    private static final int FN = 3;
    private static final double CINC_ALARM_SECONDS = 300;
    private static final double CINC_EVENT_SECONDS = 10;

    @Test
    void scoreBundledRecords() throws Exception {
        StringBuilder table = new StringBuilder();
        table.append(
                "| Record | Hours | Suppressor | Alarms (START) by type | ASYSTOLE false"
                        + " | False ASYSTOLE per hour |\n|---|---|---|---|---|---|\n");
        int[] falseTotal = new int[2];
        double hoursTotal = 0;
        for (String name : ANNOTATED) {
            RecordChunks source = read(name);
            double fs = source.samplingFrequencyHz();
            double hours = source.frames() / fs / 3600;
            hoursTotal += hours;
            List<Long> reference = referenceBeats(name);
            for (int mode = 0; mode < 2; mode++) {
                List<Alert> starts = starts(source, mode == 0);
                int falseAsystole = 0;
                for (Alert alert : starts) {
                    if (alert.getType() == AlertType.ASYSTOLE
                            && hasBeat(
                                    reference,
                                    alert.getOnsetSampleIndex() + Math.round(MATCH_SECONDS * fs),
                                    alert.getSampleIndex())) {
                        falseAsystole++;
                    }
                }
                falseTotal[mode] += falseAsystole;
                table.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %.2f | %s | %s | %d | %.2f |%n",
                                name,
                                hours,
                                mode == 0 ? "on" : "off",
                                countByType(starts),
                                falseAsystole,
                                falseAsystole / hours));
            }
        }
        table.append(
                String.format(
                        Locale.ROOT,
                        "%nAll annotated records, %.2f h: false ASYSTOLE %d with the suppressor"
                                + " (%.2f per hour), %d without (%.2f per hour)%n%n",
                        hoursTotal,
                        falseTotal[0],
                        falseTotal[0] / hoursTotal,
                        falseTotal[1],
                        falseTotal[1] / hoursTotal));

        table.append(ventricularTachycardiaTable());

        table.append(
                "| CinC record | Label | Suppressor | Alarms (START) by type | Job's call |"
                        + " Outcome |\n|---|---|---|---|---|---|\n");
        int[][] outcomes = new int[2][4];
        for (String name : CINC) {
            RecordChunks source = read(name);
            double fs = source.samplingFrequencyHz();
            List<String> comments = header(name).comments();
            AlertType type = cincType(name, comments);
            boolean trueAlarm = cincTruth(name, comments);
            for (int mode = 0; mode < 2; mode++) {
                List<Alert> starts = starts(source, mode == 0);
                long windowStart = Math.round((CINC_ALARM_SECONDS - CINC_EVENT_SECONDS) * fs);
                long windowEnd = Math.round(CINC_ALARM_SECONDS * fs);
                boolean called =
                        starts.stream()
                                .anyMatch(
                                        alert ->
                                                alert.getType() == type
                                                        && alert.getOnsetSampleIndex() <= windowEnd
                                                        && alert.getSampleIndex() >= windowStart);
                int outcome;
                if (called) {
                    outcome = trueAlarm ? TP : FP;
                } else {
                    outcome = trueAlarm ? FN : TN;
                }
                outcomes[mode][outcome]++;
                table.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s %s | %s | %s | %s | %s |%n",
                                name,
                                trueAlarm ? "true" : "false",
                                type,
                                mode == 0 ? "on" : "off",
                                countByType(starts),
                                called ? "true" : "false",
                                List.of("TP", "TN", "FP", "FN").get(outcome)));
            }
        }
        for (int mode = 0; mode < 2; mode++) {
            int[] o = outcomes[mode];
            double score = (double) (o[TP] + o[TN]) / (o[TP] + o[TN] + o[FP] + 5 * o[FN]);
            table.append(
                    String.format(
                            Locale.ROOT,
                            "%nCinC score with the suppressor %s: TP %d TN %d FP %d FN %d, score"
                                    + " %.3f",
                            mode == 0 ? "on" : "off",
                            o[0],
                            o[1],
                            o[2],
                            o[3],
                            score));
        }
        System.out.println(table);
        Path report = Path.of("target", "alarm-score.md");
        Files.writeString(report, table);
        assertThat(falseTotal[0]).isLessThanOrEqualTo(falseTotal[1]);
    }

    /**
     * Scores VENTRICULAR_TACHYCARDIA against the reference rhythm annotations: each {@code (VT}
     * episode, up to the next rhythm change, with how many beats and ventricular beats it has and
     * whether a START lies within 1 s before it to 5 s after its end. Episodes with fewer
     * ventricular beats than the rule needs are listed but are no alarm condition. A START that
     * lies near no episode is false. The suppressor does not act on this alarm.
     */
    private static String ventricularTachycardiaTable() throws Exception {
        StringBuilder table = new StringBuilder();
        table.append(
                "| Record | VT episodes | Beats (V beats) per episode | Alarm conditions (>= 5"
                        + " V beats) | Found | False VT alarms |\n|---|---|---|---|---|---|\n");
        int conditions = 0;
        int found = 0;
        int falseAlarms = 0;
        int minimumBeats = AlarmThresholds.defaults().ventricularBeats();
        for (String name : ANNOTATED) {
            RecordChunks source = read(name);
            double fs = source.samplingFrequencyHz();
            List<long[]> episodes = ventricularEpisodes(name);
            List<Alert> alarms =
                    starts(source, true).stream()
                            .filter(alert -> alert.getType() == AlertType.VENTRICULAR_TACHYCARDIA)
                            .toList();
            List<String> sizes = new ArrayList<>();
            int recordConditions = 0;
            int recordFound = 0;
            for (long[] episode : episodes) {
                sizes.add(episode[2] + " (" + episode[3] + ")");
                if (episode[3] >= minimumBeats) {
                    recordConditions++;
                    if (alarms.stream().anyMatch(alert -> near(alert, episode, fs))) {
                        recordFound++;
                    }
                }
            }
            int recordFalse =
                    (int)
                            alarms.stream()
                                    .filter(
                                            alert ->
                                                    episodes.stream()
                                                            .noneMatch(e -> near(alert, e, fs)))
                                    .count();
            conditions += recordConditions;
            found += recordFound;
            falseAlarms += recordFalse;
            table.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %s | %d | %d | %d |%n",
                            name,
                            episodes.size(),
                            sizes.isEmpty() ? "-" : String.join(", ", sizes),
                            recordConditions,
                            recordFound,
                            recordFalse));
        }
        table.append(
                String.format(
                        Locale.ROOT,
                        "%nVENTRICULAR_TACHYCARDIA: %d of %d alarm conditions found, %d false"
                                + " alarms%n%n",
                        found,
                        conditions,
                        falseAlarms));
        return table.toString();
    }

    /** Returns whether {@code alert} starts within 1 s before the episode to 5 s after its end. */
    private static boolean near(Alert alert, long[] episode, double fs) {
        return alert.getSampleIndex() >= episode[0] - Math.round(fs)
                && alert.getOnsetSampleIndex() <= episode[1] + Math.round(5 * fs);
    }

    /**
     * Returns the {@code (VT} episodes of the record's rhythm annotations as {start, end, beats,
     * ventricular beats}, each ending at the next rhythm annotation or the last annotation.
     */
    private static List<long[]> ventricularEpisodes(String name) throws IOException {
        Path file = Path.of(System.getProperty("medstream.data.dir")).resolve(name + ".atr");
        List<Annotation> annotations = WfdbAnnotations.read(file);
        List<long[]> episodes = new ArrayList<>();
        long start = -1;
        for (Annotation annotation : annotations) {
            boolean rhythm = annotation.code().equals(AnnotationCode.RHYTHM);
            if (rhythm && start >= 0) {
                episodes.add(episode(annotations, start, annotation.sample()));
                start = -1;
            }
            if (rhythm && annotation.aux().startsWith("(VT")) {
                start = annotation.sample();
            }
        }
        if (start >= 0) {
            episodes.add(
                    episode(annotations, start, annotations.get(annotations.size() - 1).sample()));
        }
        return episodes;
    }

    private static long[] episode(List<Annotation> annotations, long start, long end) {
        long beats = 0;
        long ventricular = 0;
        for (Annotation annotation : annotations) {
            if (annotation.sample() >= start && annotation.sample() < end && annotation.isQrs()) {
                beats++;
                if (annotation.code().equals(AnnotationCode.PVC)) {
                    ventricular++;
                }
            }
        }
        return new long[] {start, end, beats, ventricular};
    }

    private static RecordChunks read(String name) throws IOException {
        String[] parts = name.split("/");
        return RecordChunks.read(parts[0], parts[1], Double.MAX_VALUE);
    }

    private static WfdbHeader header(String name) throws IOException {
        return WfdbHeader.read(
                Path.of(System.getProperty("medstream.data.dir")).resolve(name + ".hea"));
    }

    private static List<Alert> starts(RecordChunks source, boolean suppressor) throws Exception {
        AlarmRules rules =
                new AlarmRules(
                        AlarmThresholds.defaults()
                                .with(
                                        AlarmThresholds.SUPPRESSOR,
                                        suppressor ? "on" : "off",
                                        "alarm.suppressor"));
        int oneSecond = (int) Math.round(source.samplingFrequencyHz());
        DetectionRun run =
                DetectionRun.of(source.fixed(oneSecond), new PanTompkinsDetector(), rules);
        return run.alerts().stream().filter(alert -> alert.getPhase() == AlertPhase.START).toList();
    }

    private static List<Long> referenceBeats(String name) throws IOException {
        Path file = Path.of(System.getProperty("medstream.data.dir")).resolve(name + ".atr");
        List<Long> beats = new ArrayList<>();
        for (Annotation annotation : WfdbAnnotations.read(file)) {
            if (annotation.isQrs()) {
                beats.add(annotation.sample());
            }
        }
        return beats;
    }

    private static boolean hasBeat(List<Long> beats, long fromIndex, long toIndex) {
        return beats.stream().anyMatch(beat -> beat >= fromIndex && beat <= toIndex);
    }

    private static String countByType(List<Alert> starts) {
        Map<AlertType, Integer> counts = new TreeMap<>();
        starts.forEach(alert -> counts.merge(alert.getType(), 1, Integer::sum));
        return counts.isEmpty() ? "none" : counts.toString();
    }

    private static AlertType cincType(String name, List<String> comments) {
        for (String comment : comments) {
            String label = comment.strip().replace(' ', '_').toUpperCase(Locale.ROOT);
            for (AlertType type : AlertType.values()) {
                if (type.name().equals(label)) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException(
                "Header of " + name + " names no alarm type in its comments " + comments);
    }

    private static boolean cincTruth(String name, List<String> comments) {
        for (String comment : comments) {
            String label = comment.strip().toLowerCase(Locale.ROOT);
            if (label.equals("true alarm")) {
                return true;
            }
            if (label.equals("false alarm")) {
                return false;
            }
        }
        throw new IllegalArgumentException(
                "Header of " + name + " has no 'True alarm' or 'False alarm' comment: " + comments);
    }
}
