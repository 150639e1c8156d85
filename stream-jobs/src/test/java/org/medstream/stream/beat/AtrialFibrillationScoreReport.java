package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.medstream.model.rhythm.AfDecision;
import org.medstream.model.rhythm.AfDetector;
import org.medstream.model.rhythm.RrIrregularityState;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmThresholds;
import org.medstream.stream.detect.LmuBeatDetector;
import org.medstream.stream.detect.PanTompkinsDetector;

/**
 * Scores the atrial fibrillation detector on PhysioNet/CinC Challenge 2017 clips, and optionally on
 * the rhythm labels of LUDB, and prints Markdown tables. The beats come from the beat detection
 * operator (classic detector, 1 s chunks); the {@link AfDetector} runs on them.
 *
 * <p>A clip is called atrial fibrillation when the detector calls at least half of its evaluated
 * beats atrial fibrillation. A clip without a decision (too short, or too many beats classed
 * ectopic) is called not atrial fibrillation. The split is fixed by the clip number: clips with an
 * odd number tune the COSEn and RMSSD thresholds (the pair with the largest Se + Sp for A against N
 * and O), clips with an even number are scored at the detector's defaults. The alarm column counts
 * clips on which the operator raised an {@code ATRIAL_FIBRILLATION} START with {@code
 * alarm.atrial-fibrillation=10 s}, because the clips are too short for the 30 s default, once
 * without and once with model agreement (the shipped LMU beats model beside the classic detector).
 *
 * <p>Runs only with {@code -Dmedstream.af.cinc2017=DIR} (a folder with the clips and {@code
 * REFERENCE.csv}); {@code -Dmedstream.af.ludb=DIR} adds LUDB (a folder with {@code ludb.csv} and
 * {@code data/N.hea}).
 */
@EnabledIfSystemProperty(named = "medstream.af.cinc2017", matches = ".+")
class AtrialFibrillationScoreReport {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final int ALARM_SECONDS = 10;
    private static final List<String> CLASSES = List.of("N", "A", "O", "~");

    /** One clip's label, length and detector output. */
    private record Clip(
            String name,
            int number,
            String label,
            double seconds,
            int beats,
            double[] cosens,
            double[] rmssds,
            boolean alarm,
            boolean agreementAlarm) {

        boolean called(double threshold) {
            return called(threshold, AfDetector.DEFAULT_RMSSD_THRESHOLD);
        }

        boolean called(double threshold, double rmssdThreshold) {
            int above = 0;
            for (int i = 0; i < cosens.length; i++) {
                if (cosens[i] > threshold && rmssds[i] > rmssdThreshold) {
                    above++;
                }
            }
            return cosens.length > 0 && 2 * above >= cosens.length;
        }
    }

    @Test
    void scoreCinc2017() throws Exception {
        Path directory = Path.of(System.getProperty("medstream.af.cinc2017"));
        Map<String, String> labels = new LinkedHashMap<>();
        for (String line : Files.readAllLines(directory.resolve("REFERENCE.csv"))) {
            String[] fields = line.strip().split(",");
            if (fields.length == 2) {
                labels.put(fields[0], fields[1]);
            }
        }
        AlarmRules rules = alarmRules("off");
        AlarmRules agreementRules = alarmRules("on");
        LmuBeatDetector lmu =
                new LmuBeatDetector(DATA.resolveSibling("models").resolve("lmu-beats"));
        List<Clip> clips = new ArrayList<>();
        for (Map.Entry<String, String> entry : labels.entrySet()) {
            String name = entry.getKey();
            RecordChunks source = RecordChunks.read(directory.resolve(name), name);
            double fs = source.samplingFrequencyHz();
            DetectionRun run =
                    DetectionRun.of(
                            source.fixed((int) Math.round(fs)), new PanTompkinsDetector(), rules);
            DetectionRun agreementRun =
                    DetectionRun.of(
                            source.fixed((int) Math.round(fs)),
                            new PanTompkinsDetector(),
                            agreementRules,
                            lmu);
            clips.add(
                    new Clip(
                            name,
                            Integer.parseInt(name.replaceAll("\\D", "")),
                            entry.getValue(),
                            source.frames() / fs,
                            run.beats().size(),
                            statistic(run.beats(), fs, AfDetector.defaults(), true),
                            statistic(run.beats(), fs, AfDetector.defaults(), false),
                            raisesAtrialFibrillation(run),
                            raisesAtrialFibrillation(agreementRun)));
        }

        List<Clip> tuning = clips.stream().filter(clip -> clip.number() % 2 == 1).toList();
        List<Clip> report = clips.stream().filter(clip -> clip.number() % 2 == 0).toList();
        StringBuilder out = new StringBuilder();
        double[] best = tune(tuning, out);
        double threshold = AfDetector.DEFAULT_COSEN_THRESHOLD;
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nTuning half (odd clip numbers, %d clips): best COSEn threshold %.2f with"
                                + " RMSSD threshold %.2f; detector defaults %.2f and %.2f%n%n",
                        tuning.size(),
                        best[0],
                        best[1],
                        threshold,
                        AfDetector.DEFAULT_RMSSD_THRESHOLD));
        out.append(table("Tuning half (odd)", tuning, threshold));
        out.append(table("Report half (even)", report, threshold));
        System.out.println(out);
        Files.writeString(Path.of("target", "af-score.md"), out);
        StringBuilder perClip =
                new StringBuilder("clip,label,seconds,beats,decisions,af,alarm,agreement_alarm\n");
        for (Clip clip : clips) {
            long af = java.util.Arrays.stream(clip.cosens()).filter(c -> c > threshold).count();
            perClip.append(
                    String.format(
                            Locale.ROOT,
                            "%s,%s,%.1f,%d,%d,%d,%b,%b%n",
                            clip.name(),
                            clip.label(),
                            clip.seconds(),
                            clip.beats(),
                            clip.cosens().length,
                            af,
                            clip.alarm(),
                            clip.agreementAlarm()));
        }
        Files.writeString(Path.of("target", "af-clips.csv"), perClip);

        assertThat(report).isNotEmpty();
    }

    /**
     * Returns rules with the alarm after {@link #ALARM_SECONDS} of irregular rhythm and model
     * agreement {@code agreement} ({@code on} or {@code off}).
     */
    private static AlarmRules alarmRules(String agreement) {
        return new AlarmRules(
                AlarmThresholds.defaults()
                        .with(
                                List.of(
                                        new AlarmThresholds.Setting(
                                                "alarm.atrial-fibrillation",
                                                AlarmThresholds.ATRIAL_FIBRILLATION,
                                                ALARM_SECONDS + " s"),
                                        new AlarmThresholds.Setting(
                                                "alarm.agreement",
                                                AlarmThresholds.AGREEMENT,
                                                agreement))));
    }

    private static boolean raisesAtrialFibrillation(DetectionRun run) {
        return run.alerts().stream()
                .anyMatch(
                        alert ->
                                alert.getType() == AlertType.ATRIAL_FIBRILLATION
                                        && alert.getPhase() == AlertPhase.START);
    }

    @Test
    @EnabledIfSystemProperty(named = "medstream.af.ludb", matches = ".+")
    void scoreLudb() throws Exception {
        Path directory = Path.of(System.getProperty("medstream.af.ludb"));
        List<List<String>> rows = csv(Files.readString(directory.resolve("ludb.csv")));
        // Ten seconds hold about 8 to 15 intervals, so LUDB needs a decision after 8.
        AfDetector detector =
                new AfDetector(
                        16,
                        8,
                        30,
                        AfDetector.DEFAULT_COSEN_THRESHOLD,
                        AfDetector.DEFAULT_RMSSD_THRESHOLD);
        Map<String, int[]> byRhythm = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        out.append("| LUDB rhythm | Records | Called AF | No decision |\n|---|---|---|---|\n");
        for (List<String> row : rows.subList(1, rows.size())) {
            String id = row.get(0).strip();
            Path record = directory.resolve("data").resolve(id);
            if (!Files.exists(record.resolveSibling(id + ".hea"))) {
                continue;
            }
            String rhythm = row.get(3).strip();
            String group;
            if (rhythm.contains("Atrial fibrillation")) {
                group = "Atrial fibrillation";
            } else if (rhythm.contains("Atrial flutter")) {
                group = "Atrial flutter";
            } else {
                group = "Other (sinus rhythms)";
            }
            RecordChunks source = RecordChunks.read(record, "ludb-" + id);
            double fs = source.samplingFrequencyHz();
            DetectionRun run =
                    DetectionRun.of(
                            source.fixed((int) Math.round(fs)),
                            new PanTompkinsDetector(),
                            AlarmRules.defaults());
            double[] cosens = cosens(run.beats(), fs, detector);
            int above = 0;
            for (double cosen : cosens) {
                if (cosen > detector.cosenThreshold()) {
                    above++;
                }
            }
            int[] counts = byRhythm.computeIfAbsent(group, key -> new int[3]);
            counts[0]++;
            if (cosens.length > 0 && 2 * above >= cosens.length) {
                counts[1]++;
            }
            if (cosens.length == 0) {
                counts[2]++;
            }
        }
        byRhythm.forEach(
                (group, counts) ->
                        out.append(
                                String.format(
                                        Locale.ROOT,
                                        "| %s | %d | %d | %d |%n",
                                        group,
                                        counts[0],
                                        counts[1],
                                        counts[2])));
        System.out.println(out);
        Files.writeString(Path.of("target", "af-score-ludb.md"), out);
        assertThat(byRhythm).isNotEmpty();
    }

    private static double[] cosens(List<Beat> beats, double fs, AfDetector detector) {
        return statistic(beats, fs, detector, true);
    }

    /** COSEn, or the normalised RMSSD, at every evaluated beat of {@code beats}. */
    private static double[] statistic(
            List<Beat> beats, double fs, AfDetector detector, boolean cosen) {
        RrIrregularityState state = detector.createState();
        List<Double> values = new ArrayList<>();
        for (Beat beat : beats) {
            AfDecision decision =
                    detector.onBeat(
                            state, beat.getSampleIndex(), beat.getBeatClass().charAt(0), fs);
            if (decision.evaluated()) {
                values.add(cosen ? decision.cosen() : decision.normalisedRmssd());
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Sweeps the thresholds on {@code clips} and returns the pair {COSEn, RMSSD} with the largest
     * Se + Sp; among equal sums, the highest COSEn threshold, which calls fewer clips AF.
     */
    private static double[] tune(List<Clip> clips, StringBuilder out) {
        out.append(
                "| COSEn threshold | RMSSD threshold | Se (A) | Sp (N, O) |\n|---|---|---|---|\n");
        double[] best = {Double.NaN, Double.NaN};
        double bestSum = -1;
        for (double rmssdThreshold : new double[] {0, 0.05, 0.08, 0.1, 0.12, 0.15}) {
            for (int step = 0; step <= 20; step++) {
                double threshold = -2.5 + 0.1 * step;
                double[] seSp = seSp(clips, clip -> clip.called(threshold, rmssdThreshold), false);
                out.append(
                        String.format(
                                Locale.ROOT,
                                "| %.2f | %.2f | %.3f | %.3f |%n",
                                threshold,
                                rmssdThreshold,
                                seSp[0],
                                seSp[1]));
                double sum = seSp[0] + seSp[1];
                boolean higherThresholdOfTie =
                        Math.abs(sum - bestSum) < 1e-9 && rmssdThreshold == best[1];
                if (sum > bestSum + 1e-9 || higherThresholdOfTie) {
                    bestSum = sum;
                    best = new double[] {threshold, rmssdThreshold};
                }
            }
        }
        return best;
    }

    /** Returns {Se, Sp} for A against the other classes, with or without noisy clips. */
    private static double[] seSp(List<Clip> clips, Predicate<Clip> call, boolean withNoisy) {
        int tp = 0;
        int fn = 0;
        int tn = 0;
        int fp = 0;
        for (Clip clip : clips) {
            if (!withNoisy && clip.label().equals("~")) {
                continue;
            }
            boolean called = call.test(clip);
            if (clip.label().equals("A")) {
                if (called) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (called) {
                fp++;
            } else {
                tn++;
            }
        }
        return new double[] {(double) tp / (tp + fn), (double) tn / (tn + fp)};
    }

    private static String table(String title, List<Clip> clips, double threshold) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%s, threshold %.2f%n%n| Label | Clips | Called AF | No decision |"
                                + " Alarm START (%d s) | With model agreement |%n"
                                + "|---|---|---|---|---|---|%n",
                        title,
                        threshold,
                        ALARM_SECONDS));
        for (String label : CLASSES) {
            List<Clip> ofLabel = clips.stream().filter(clip -> clip.label().equals(label)).toList();
            long called = ofLabel.stream().filter(clip -> clip.called(threshold)).count();
            long undecided = ofLabel.stream().filter(clip -> clip.cosens().length == 0).count();
            long alarms = ofLabel.stream().filter(Clip::alarm).count();
            long agreementAlarms = ofLabel.stream().filter(Clip::agreementAlarm).count();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %d | %d | %d | %d |%n",
                            label,
                            ofLabel.size(),
                            called,
                            undecided,
                            alarms,
                            agreementAlarms));
        }
        Predicate<Clip> detector = clip -> clip.called(threshold);
        double[] without = seSp(clips, detector, false);
        double[] with = seSp(clips, detector, true);
        double[] alarmWithout = seSp(clips, Clip::alarm, false);
        double[] alarmWith = seSp(clips, Clip::alarm, true);
        double[] agreementWithout = seSp(clips, Clip::agreementAlarm, false);
        double[] agreementWith = seSp(clips, Clip::agreementAlarm, true);
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nAF against non-AF, detector call: noisy clips excluded Se %.3f Sp %.3f;"
                                + " noisy clips included (as non-AF) Se %.3f Sp %.3f%n"
                                + "AF against non-AF, alarm START: noisy clips excluded Se %.3f"
                                + " Sp %.3f; noisy clips included (as non-AF) Se %.3f Sp %.3f%n"
                                + "AF against non-AF, alarm START with model agreement: noisy"
                                + " clips excluded Se %.3f Sp %.3f; noisy clips included (as"
                                + " non-AF) Se %.3f Sp %.3f%n%n",
                        without[0],
                        without[1],
                        with[0],
                        with[1],
                        alarmWithout[0],
                        alarmWithout[1],
                        alarmWith[0],
                        alarmWith[1],
                        agreementWithout[0],
                        agreementWithout[1],
                        agreementWith[0],
                        agreementWith[1]));
        return out.toString();
    }

    /** Parses RFC 4180 CSV, with quoted fields that may hold commas and line breaks. */
    private static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
