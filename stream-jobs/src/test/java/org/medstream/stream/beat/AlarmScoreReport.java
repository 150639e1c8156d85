package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.LmuBeatDetector;
import org.medstream.stream.detect.MedTsLlmBeatDetector;
import org.medstream.stream.detect.PanTompkinsDetector;

/**
 * Scores the alarms of the beat detection operator (classic detector, default limits) on every
 * bundled record in four settings: classic detector alone, with the second-lead asystole
 * suppressor, with model agreement (the shipped LMU beats model on the same lead), and with both,
 * and prints Markdown tables. Runs only with {@code -Dmedstream.alarm.score=true}, because it reads
 * about 4 hours of ECG per setting.
 *
 * <p>An ASYSTOLE on an annotated record is false when the reference annotations have a beat inside
 * its window, more than 150 ms after its onset (the onset is the last detected beat) and up to its
 * confirmation sample. An EXTREME_BRADYCARDIA or EXTREME_TACHYCARDIA is false when the reference
 * beats of its window, from its onset to its confirmation sample, have a mean rate that does not
 * cross the limit. A VENTRICULAR_TACHYCARDIA or ATRIAL_FIBRILLATION is false when it starts near no
 * reference episode of its rhythm. On a PhysioNet/CinC Challenge 2015 record, the job calls the
 * monitor's alarm true when it raises a START of the labelled type whose window overlaps the 10 s
 * before the monitor's alarm at 300 s, and the score is (TP+TN)/(TP+TN+FP+5·FN).
 *
 * <p>VENTRICULAR_TACHYCARDIA is also scored with agreement off and on against the {@code (VT}
 * episodes, and, because the records have no episode long enough for the alarm, against runs of 3
 * or more reference V beats with {@code ventricular-tachycardia-beats=3}.
 *
 * <p>With {@code -Dmedstream.alarm.nstdb=DIR} (the MIT-BIH Noise Stress Test Database records
 * 118e24, 118e12 and 118e00 and the MIT-BIH record 118 in {@code DIR/../mitdb}) it also scores
 * those records, and record 100 with 60 s of its lead MLII replaced by the recorded
 * electrode-motion noise of 118e00 alone (118e00 minus 118) from 300 s on.
 *
 * <p>With {@code -Dmedstream.alarm.agreement-model=DIR} the agreement settings use the MedTsLLM
 * beats model in {@code DIR} in place of the LMU one; {@code -Dmedstream.alarm.records=A,B} scores
 * only those of the bundled annotated records (for example {@code mitdb/118,mitdb/208}).
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
    private static final List<String> NOISE_STRESS = List.of("118e24", "118e12", "118e00");
    private static final List<String> CINC = List.of("cinc2015/a103l", "cinc2015/v102s");
    private static final List<String> MODES =
            List.of("classic only", "suppressor", "agreement", "suppressor + agreement");
    private static final double MATCH_SECONDS = 0.15;
    private static final int TP = 0;
    private static final int TN = 1;
    private static final int FP = 2;
    private static final int FN = 3;
    private static final double CINC_ALARM_SECONDS = 300;
    private static final double CINC_EVENT_SECONDS = 10;
    private static final List<AlarmThresholds.Setting> NO_SETTINGS = List.of();

    /** Ventricular beats of the short runs that stand in for ventricular tachycardia. */
    private static final int SHORT_RUN_BEATS = 3;

    /** Where record 100's lead MLII is replaced by noise, and where the noise comes from. */
    private static final int NOISE_TO_SECONDS = 600;

    private static final int NOISE_FROM_SECONDS = 300;
    private static final int NOISE_LENGTH_SECONDS = 60;

    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    /** The shipped LMU beats model, loaded on first use. */
    private static LmuBeatDetector lmu;

    /** The MedTsLLM beats model of the agreement settings, loaded on first use. */
    private static MedTsLlmBeatDetector medTsLlm;

    /** A record to score: its name, chunks and reference annotation file. */
    private record Scored(String name, RecordChunks source, Path annotations) {}

    @Test
    void scoreBundledRecords() throws Exception {
        List<Scored> records = new ArrayList<>();
        String only = System.getProperty("medstream.alarm.records", "");
        for (String name : ANNOTATED) {
            if (only.isBlank() || List.of(only.split(",")).contains(name)) {
                records.add(new Scored(name, read(name), DATA.resolve(name + ".atr")));
            }
        }
        String nstdb = System.getProperty("medstream.alarm.nstdb");
        if (nstdb != null && !nstdb.isBlank()) {
            records.addAll(noiseStress(Path.of(nstdb)));
        }

        StringBuilder table = new StringBuilder();
        table.append(
                "| Record | Hours | Setting | Alarms (START) by type | False ASYSTOLE | False"
                        + " rate alarms | False VT, AF | Alarms per hour | False per hour |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        Map<String, List<Alert>> startsByRecord = new HashMap<>();
        int[] alarmsTotal = new int[MODES.size()];
        int[] falseTotal = new int[MODES.size()];
        double hoursTotal = 0;
        for (Scored record : records) {
            double fs = record.source().samplingFrequencyHz();
            double hours = record.source().frames() / fs / 3600;
            hoursTotal += hours;
            List<Long> reference = referenceBeats(record.annotations());
            List<long[]> ventricular = rhythmEpisodes(record.annotations(), "(VT");
            List<long[]> fibrillation = rhythmEpisodes(record.annotations(), "(AFIB");
            fibrillation.addAll(rhythmEpisodes(record.annotations(), "(AFL"));
            for (int mode = 0; mode < MODES.size(); mode++) {
                List<Alert> starts = starts(record.source(), mode, NO_SETTINGS);
                startsByRecord.put(record.name() + "|" + mode, starts);
                int falseAsystole = 0;
                int falseRate = 0;
                int falseRhythm = 0;
                for (Alert alert : starts) {
                    if (isFalseAsystole(alert, reference, fs)) {
                        falseAsystole++;
                    }
                    if (isFalseRateAlarm(alert, reference, fs)) {
                        falseRate++;
                    }
                    if (isFalseRhythmAlarm(alert, ventricular, fibrillation, fs)) {
                        falseRhythm++;
                    }
                }
                int falseAlarms = falseAsystole + falseRate + falseRhythm;
                alarmsTotal[mode] += starts.size();
                falseTotal[mode] += falseAlarms;
                table.append(
                        String.format(
                                Locale.ROOT,
                                "| %s%s | %.2f | %s | %s | %d | %d | %d | %.2f | %.2f |%n",
                                record.name(),
                                lmu().isTrainingRecord(
                                                        record.name()
                                                                .replaceAll("^.*/(\\d+).*$", "$1"))
                                        ? " (LMU training)"
                                        : "",
                                hours,
                                MODES.get(mode),
                                countByType(starts),
                                falseAsystole,
                                falseRate,
                                falseRhythm,
                                starts.size() / hours,
                                falseAlarms / hours));
            }
        }
        table.append(String.format(Locale.ROOT, "%nAll records above, %.2f h:%n%n", hoursTotal));
        table.append(
                "| Setting | Alarms | per hour | False alarms | per hour |\n|---|---|---|---|---|\n");
        for (int mode = 0; mode < MODES.size(); mode++) {
            table.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %.2f | %d | %.2f |%n",
                            MODES.get(mode),
                            alarmsTotal[mode],
                            alarmsTotal[mode] / hoursTotal,
                            falseTotal[mode],
                            falseTotal[mode] / hoursTotal));
        }
        table.append("\n");

        table.append(ventricularTachycardiaTable(records, startsByRecord));
        table.append(ventricularRunTable(records));
        table.append(cincTable());
        System.out.println(table);
        Path report = Path.of("target", "alarm-score.md");
        Files.writeString(report, table);
        assertThat(falseTotal[1]).isLessThanOrEqualTo(falseTotal[0]);
    }

    /** Reads the noise stress records, and record 100 with a noise-only stretch on lead MLII. */
    private static List<Scored> noiseStress(Path nstdb) throws IOException {
        List<Scored> records = new ArrayList<>();
        for (String name : NOISE_STRESS) {
            Path record = nstdb.resolve(name);
            records.add(
                    new Scored(
                            "nstdb/" + name,
                            RecordChunks.read(record, name),
                            nstdb.resolve(name + ".atr")));
        }

        records.add(
                new Scored(
                        "mitdb/100, MLII 600-660 s noise only",
                        noiseOnlyStretch(nstdb),
                        DATA.resolve("mitdb/100.atr")));
        return records;
    }

    /**
     * Returns record 100 with 60 s of lead MLII, from 600 s on, replaced by the noise that 118e00
     * adds to 118 (the two records differ by the noise alone), read from {@code nstdb} and {@code
     * nstdb/../mitdb}.
     */
    static RecordChunks noiseOnlyStretch(Path nstdb) throws IOException {
        RecordChunks clean = RecordChunks.read(nstdb.resolveSibling("mitdb").resolve("118"), "118");
        RecordChunks noisy = RecordChunks.read(nstdb.resolve("118e00"), "118e00");
        double fs = clean.samplingFrequencyHz();
        int from = (int) Math.round(NOISE_FROM_SECONDS * fs);
        float[] noise = new float[(int) Math.round(NOISE_LENGTH_SECONDS * fs)];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = noisy.channel(0)[from + i] - clean.channel(0)[from + i];
        }
        RecordChunks edited = read("mitdb/100");
        float[] lead = edited.channel(0);
        int to = (int) Math.round(NOISE_TO_SECONDS * fs);
        // The noise rides on the lead's baseline, so the stretch has no step at its ends.
        float baseline = lead[to];
        for (int i = 0; i < noise.length; i++) {
            noise[i] += baseline;
        }
        edited.replace(0, to, noise);
        return edited;
    }

    private static boolean isFalseAsystole(Alert alert, List<Long> reference, double fs) {
        return alert.getType() == AlertType.ASYSTOLE
                && hasBeat(
                        reference,
                        alert.getOnsetSampleIndex() + Math.round(MATCH_SECONDS * fs),
                        alert.getSampleIndex());
    }

    /**
     * Returns whether a rate alarm is false: the reference beats from its onset to its confirmation
     * sample have a mean rate that does not cross its limit.
     */
    private static boolean isFalseRateAlarm(Alert alert, List<Long> reference, double fs) {
        AlarmThresholds limits = AlarmThresholds.defaults();
        boolean brady = alert.getType() == AlertType.EXTREME_BRADYCARDIA;
        if (!brady && alert.getType() != AlertType.EXTREME_TACHYCARDIA) {
            return false;
        }
        List<Long> inWindow =
                reference.stream()
                        .filter(
                                beat ->
                                        beat
                                                        >= alert.getOnsetSampleIndex()
                                                                - Math.round(MATCH_SECONDS * fs)
                                                && beat
                                                        <= alert.getSampleIndex()
                                                                + Math.round(MATCH_SECONDS * fs))
                        .toList();
        if (inWindow.size() < 2) {
            return !brady;
        }
        double rateBpm =
                60.0
                        * fs
                        * (inWindow.size() - 1)
                        / (inWindow.get(inWindow.size() - 1) - inWindow.get(0));
        return brady ? rateBpm >= limits.bradycardiaBpm() : rateBpm <= limits.tachycardiaBpm();
    }

    /**
     * Returns whether a VENTRICULAR_TACHYCARDIA or ATRIAL_FIBRILLATION START is false: it lies near
     * no reference episode of its rhythm ({@code (VT}, or {@code (AFIB} and {@code (AFL}), as
     * {@link #near} defines it.
     */
    private static boolean isFalseRhythmAlarm(
            Alert alert, List<long[]> ventricular, List<long[]> fibrillation, double fs) {
        List<long[]> episodes;
        if (alert.getType() == AlertType.VENTRICULAR_TACHYCARDIA) {
            episodes = ventricular;
        } else if (alert.getType() == AlertType.ATRIAL_FIBRILLATION) {
            episodes = fibrillation;
        } else {
            return false;
        }
        return episodes.stream().noneMatch(episode -> near(alert, episode, fs));
    }

    /**
     * Returns the episodes of the reference rhythm annotations whose label starts with {@code
     * rhythm}, as {start, end}, each ending at the next rhythm annotation or the last annotation.
     */
    static List<long[]> rhythmEpisodes(Path file, String rhythm) throws IOException {
        List<Annotation> annotations = WfdbAnnotations.read(file);
        List<long[]> episodes = new ArrayList<>();
        long start = -1;
        for (Annotation annotation : annotations) {
            boolean change = annotation.code().equals(AnnotationCode.RHYTHM);
            if (change && start >= 0) {
                episodes.add(new long[] {start, annotation.sample()});
                start = -1;
            }
            if (change && annotation.aux().startsWith(rhythm)) {
                start = annotation.sample();
            }
        }
        if (start >= 0) {
            episodes.add(new long[] {start, annotations.get(annotations.size() - 1).sample()});
        }
        return episodes;
    }

    private static String cincTable() throws Exception {
        StringBuilder table = new StringBuilder();
        table.append(
                "| CinC record | Label | Setting | Alarms (START) by type | Job's call |"
                        + " Outcome |\n|---|---|---|---|---|---|\n");
        int[][] outcomes = new int[MODES.size()][4];
        for (String name : CINC) {
            RecordChunks source = read(name);
            double fs = source.samplingFrequencyHz();
            List<String> comments = header(name).comments();
            AlertType type = cincType(name, comments);
            boolean trueAlarm = cincTruth(name, comments);
            for (int mode = 0; mode < MODES.size(); mode++) {
                List<Alert> starts = starts(source, mode, NO_SETTINGS);
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
                                MODES.get(mode),
                                countByType(starts),
                                called ? "true" : "false",
                                List.of("TP", "TN", "FP", "FN").get(outcome)));
            }
        }
        for (int mode = 0; mode < MODES.size(); mode++) {
            int[] o = outcomes[mode];
            double score = (double) (o[TP] + o[TN]) / (o[TP] + o[TN] + o[FP] + 5 * o[FN]);
            table.append(
                    String.format(
                            Locale.ROOT,
                            "%nCinC score, %s: TP %d TN %d FP %d FN %d, score %.3f",
                            MODES.get(mode),
                            o[0],
                            o[1],
                            o[2],
                            o[3],
                            score));
        }
        return table.append("\n").toString();
    }

    /**
     * Scores VENTRICULAR_TACHYCARDIA against the reference rhythm annotations, with model agreement
     * off (setting "suppressor") and on ("suppressor + agreement"): each {@code (VT} episode, up to
     * the next rhythm change, with how many beats and ventricular beats it has and whether a START
     * lies within 1 s before it to 5 s after its end. Episodes with fewer ventricular beats than
     * the rule needs are listed but are no alarm condition. A START that lies near no episode is
     * false. The suppressor does not act on this alarm.
     */
    private static String ventricularTachycardiaTable(
            List<Scored> records, Map<String, List<Alert>> startsByRecord) throws Exception {
        StringBuilder table = new StringBuilder();
        table.append(
                "| Record | VT episodes | Beats (V beats) per episode | Alarm conditions (>= 5"
                        + " V beats) | Found, agreement off | False VT alarms, agreement off |"
                        + " Found, agreement on | False VT alarms, agreement on |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        int conditions = 0;
        int[] found = new int[2];
        int[] falseAlarms = new int[2];
        int minimumBeats = AlarmThresholds.defaults().ventricularBeats();
        for (Scored record : records) {
            double fs = record.source().samplingFrequencyHz();
            List<long[]> episodes = ventricularEpisodes(record.annotations());
            List<String> sizes = new ArrayList<>();
            for (long[] episode : episodes) {
                sizes.add(episode[2] + " (" + episode[3] + ")");
            }
            table.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %s",
                            record.name(),
                            episodes.size(),
                            sizes.isEmpty() ? "-" : String.join(", ", sizes)));
            int recordConditions = 0;
            for (long[] episode : episodes) {
                if (episode[3] >= minimumBeats) {
                    recordConditions++;
                }
            }
            conditions += recordConditions;
            table.append(String.format(Locale.ROOT, " | %d", recordConditions));
            int[] modes = {1, 3};
            for (int setting = 0; setting < 2; setting++) {
                List<Alert> alarms =
                        startsByRecord.get(record.name() + "|" + modes[setting]).stream()
                                .filter(
                                        alert ->
                                                alert.getType()
                                                        == AlertType.VENTRICULAR_TACHYCARDIA)
                                .toList();
                int recordFound = 0;
                for (long[] episode : episodes) {
                    if (episode[3] >= minimumBeats
                            && alarms.stream().anyMatch(alert -> near(alert, episode, fs))) {
                        recordFound++;
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
                found[setting] += recordFound;
                falseAlarms[setting] += recordFalse;
                table.append(String.format(Locale.ROOT, " | %d | %d", recordFound, recordFalse));
            }
            table.append(" |\n");
        }
        table.append(
                String.format(
                        Locale.ROOT,
                        "%nVENTRICULAR_TACHYCARDIA: agreement off %d of %d alarm conditions found,"
                                + " %d false alarms; agreement on %d of %d found, %d false"
                                + " alarms%n%n",
                        found[0],
                        conditions,
                        falseAlarms[0],
                        found[1],
                        conditions,
                        falseAlarms[1]));
        return table.toString();
    }

    /**
     * Scores short ventricular runs as a stand-in for ventricular tachycardia, which the bundled
     * records lack: the operator runs with {@code ventricular-tachycardia-beats} = {@value
     * #SHORT_RUN_BEATS}, agreement off and on. A reference run is a stretch of at least that many
     * consecutive reference beats labelled V. It is an alarm condition when its mean rate is above
     * the default 100 bpm, and found when a VENTRICULAR_TACHYCARDIA START lies within 1 s before it
     * to 5 s after it. A START near no reference run of at least that many V beats, of any rate,
     * and near no {@code (VT} episode is false.
     */
    private static String ventricularRunTable(List<Scored> records) throws Exception {
        List<AlarmThresholds.Setting> shortRuns =
                List.of(
                        new AlarmThresholds.Setting(
                                "alarm.ventricular-tachycardia-beats",
                                AlarmThresholds.VENTRICULAR_BEATS,
                                Integer.toString(SHORT_RUN_BEATS)));
        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        Locale.ROOT,
                        "Runs of >= %d V beats (ventricular-tachycardia-beats=%d):%n%n",
                        SHORT_RUN_BEATS,
                        SHORT_RUN_BEATS));
        table.append(
                "| Record | Hours | Reference runs | Above 100 bpm (conditions) | Found, agreement"
                        + " off | False, agreement off | Found, agreement on | False, agreement"
                        + " on |\n|---|---|---|---|---|---|---|---|\n");
        int conditions = 0;
        int[] found = new int[2];
        int[] falseAlarms = new int[2];
        double hours = 0;
        double limitBpm = AlarmThresholds.defaults().ventricularBpm();
        for (Scored record : records) {
            double fs = record.source().samplingFrequencyHz();
            double recordHours = record.source().frames() / fs / 3600;
            hours += recordHours;
            List<long[]> runs = ventricularRuns(record.annotations(), SHORT_RUN_BEATS);
            List<long[]> episodes = ventricularEpisodes(record.annotations());
            List<long[]> fastRuns =
                    runs.stream()
                            .filter(run -> 60.0 * fs * (run[2] - 1) / (run[1] - run[0]) > limitBpm)
                            .toList();
            conditions += fastRuns.size();
            int[] recordFound = new int[2];
            int[] recordFalse = new int[2];
            int[] modes = {0, 2};
            for (int setting = 0; setting < 2; setting++) {
                List<Alert> alarms =
                        starts(record.source(), modes[setting], shortRuns).stream()
                                .filter(
                                        alert ->
                                                alert.getType()
                                                        == AlertType.VENTRICULAR_TACHYCARDIA)
                                .toList();
                for (long[] run : fastRuns) {
                    if (alarms.stream().anyMatch(alert -> near(alert, run, fs))) {
                        recordFound[setting]++;
                    }
                }
                for (Alert alert : alarms) {
                    boolean nearRun = runs.stream().anyMatch(run -> near(alert, run, fs));
                    boolean nearEpisode =
                            episodes.stream().anyMatch(episode -> near(alert, episode, fs));
                    if (!nearRun && !nearEpisode) {
                        recordFalse[setting]++;
                    }
                }
                found[setting] += recordFound[setting];
                falseAlarms[setting] += recordFalse[setting];
            }
            table.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.2f | %d | %d | %d | %d | %d | %d |%n",
                            record.name(),
                            recordHours,
                            runs.size(),
                            fastRuns.size(),
                            recordFound[0],
                            recordFalse[0],
                            recordFound[1],
                            recordFalse[1]));
        }
        table.append(
                String.format(
                        Locale.ROOT,
                        "%nShort ventricular runs, %.2f h: agreement off %d of %d found (Se %.3f),"
                                + " %d false (%.2f per hour); agreement on %d of %d found (Se"
                                + " %.3f), %d false (%.2f per hour)%n%n",
                        hours,
                        found[0],
                        conditions,
                        (double) found[0] / conditions,
                        falseAlarms[0],
                        falseAlarms[0] / hours,
                        found[1],
                        conditions,
                        (double) found[1] / conditions,
                        falseAlarms[1],
                        falseAlarms[1] / hours));
        return table.toString();
    }

    /**
     * Returns the stretches of at least {@code minimumBeats} consecutive reference beats labelled V
     * as {start, end, beats}: the first and last V beat and their count.
     */
    private static List<long[]> ventricularRuns(Path file, int minimumBeats) throws IOException {
        List<long[]> runs = new ArrayList<>();
        long start = -1;
        long last = -1;
        int beats = 0;
        for (Annotation annotation : WfdbAnnotations.read(file)) {
            if (!annotation.isQrs()) {
                continue;
            }
            if (annotation.code().equals(AnnotationCode.PVC)) {
                if (beats == 0) {
                    start = annotation.sample();
                }
                beats++;
                last = annotation.sample();
                continue;
            }
            if (beats >= minimumBeats) {
                runs.add(new long[] {start, last, beats});
            }
            beats = 0;
        }
        if (beats >= minimumBeats) {
            runs.add(new long[] {start, last, beats});
        }
        return runs;
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
    private static List<long[]> ventricularEpisodes(Path file) throws IOException {
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

    /**
     * Returns the detector of the agreement settings: the MedTsLLM beats model in {@code
     * medstream.alarm.agreement-model} when that property is set, otherwise the shipped LMU beats
     * model.
     */
    private static synchronized BeatDetector<?> agreementDetector() {
        String model = System.getProperty("medstream.alarm.agreement-model", "");
        if (model.isBlank()) {
            return lmu();
        }
        if (medTsLlm == null) {
            medTsLlm = new MedTsLlmBeatDetector(Path.of(model));
        }
        return medTsLlm;
    }

    private static synchronized LmuBeatDetector lmu() {
        if (lmu == null) {
            lmu = new LmuBeatDetector(DATA.resolveSibling("models").resolve("lmu-beats"));
        }
        return lmu;
    }

    /**
     * Returns the STARTs the operator raises on {@code source} in setting {@code mode}, with the
     * default limits changed by {@code settings}.
     */
    private static List<Alert> starts(
            RecordChunks source, int mode, List<AlarmThresholds.Setting> settings)
            throws Exception {
        boolean suppressor = mode == 1 || mode == 3;
        boolean agreement = mode >= 2;
        List<AlarmThresholds.Setting> all = new ArrayList<>(settings);
        all.add(
                new AlarmThresholds.Setting(
                        "alarm.suppressor", AlarmThresholds.SUPPRESSOR, suppressor ? "on" : "off"));
        all.add(
                new AlarmThresholds.Setting(
                        "alarm.agreement", AlarmThresholds.AGREEMENT, agreement ? "on" : "off"));
        AlarmRules rules = new AlarmRules(AlarmThresholds.defaults().with(all));
        int oneSecond = (int) Math.round(source.samplingFrequencyHz());
        DetectionRun run =
                DetectionRun.of(
                        source.fixed(oneSecond),
                        new PanTompkinsDetector(),
                        rules,
                        agreement ? agreementDetector() : null);
        return run.alerts().stream().filter(alert -> alert.getPhase() == AlertPhase.START).toList();
    }

    private static List<Long> referenceBeats(Path file) throws IOException {
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
