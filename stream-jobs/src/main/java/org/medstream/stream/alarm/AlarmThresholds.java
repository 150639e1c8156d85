package org.medstream.stream.alarm;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.medstream.model.rhythm.AfDetector;
import org.medstream.stream.time.DurationText;

/**
 * The limits of the {@link AlarmRules} for one stream. Each field has a name, the last part of its
 * job option keys ({@code alarm.NAME}, {@code alarm.unit.UNIT.NAME}, {@code
 * alarm.stream.STREAM.NAME}), which {@link #with} parses.
 *
 * @param asystoleSeconds time without a QRS complex that raises asystole
 * @param bradycardiaBpm rate below which a beat counts towards extreme bradycardia
 * @param bradycardiaBeats consecutive beats below {@code bradycardiaBpm} that raise it
 * @param tachycardiaBpm rate above which a beat counts towards extreme tachycardia
 * @param tachycardiaBeats consecutive beats above {@code tachycardiaBpm} that raise it
 * @param ventricularBeats consecutive ventricular beats that raise ventricular tachycardia, at
 *     least 2 so that the run has a rate
 * @param ventricularBpm mean rate of that run above which it is raised
 * @param updateStepBpm change of a rate alarm's rate, from the last value sent, that sends an
 *     UPDATE
 * @param updateIntervalSeconds minimum stream time between two records of one rate alarm that sends
 *     an UPDATE; 0 for no limit
 * @param leadOffEscalationSeconds time a lead must be flat or missing before {@code LEAD_OFF}
 *     escalates from medium to high priority; 0 never escalates
 * @param apneaSeconds time without a breath onset that raises apnea; 0 turns it off
 * @param suppressor whether asystole is held back while another ECG lead of the stream shows QRS
 *     complexes ({@link AsystoleSuppressor})
 * @param atrialFibrillationSeconds time the RR intervals must stay irregular before {@code
 *     ATRIAL_FIBRILLATION} starts; 0 turns it off
 * @param atrialFibrillationEndSeconds time the RR intervals must stay regular before it ends
 * @param atrialFibrillationCosen coefficient of sample entropy of the last 16 RR intervals above
 *     which they count as irregular ({@link org.medstream.model.rhythm.AfDetector})
 * @param agreement whether a second beat detector of another kind reads the alarm lead and holds
 *     back asystole and the rate alarms that its beats do not support ({@link AgreementRule})
 * @param ventricularFibrillationSeconds time the primary lead must show a fibrillatory waveform
 *     before {@code VENTRICULAR_FLUTTER_FIBRILLATION} starts, and must not show one before it ends
 *     ({@link VentricularFibrillationRule}); 0 turns it off
 */
public record AlarmThresholds(
        double asystoleSeconds,
        double bradycardiaBpm,
        int bradycardiaBeats,
        double tachycardiaBpm,
        int tachycardiaBeats,
        int ventricularBeats,
        double ventricularBpm,
        double updateStepBpm,
        double updateIntervalSeconds,
        double leadOffEscalationSeconds,
        double apneaSeconds,
        boolean suppressor,
        double atrialFibrillationSeconds,
        double atrialFibrillationEndSeconds,
        double atrialFibrillationCosen,
        boolean agreement,
        double ventricularFibrillationSeconds)
        implements Serializable {

    public static final String ASYSTOLE = "asystole";
    public static final String BRADYCARDIA_BPM = "bradycardia-bpm";
    public static final String BRADYCARDIA_BEATS = "bradycardia-beats";
    public static final String TACHYCARDIA_BPM = "tachycardia-bpm";
    public static final String TACHYCARDIA_BEATS = "tachycardia-beats";
    public static final String VENTRICULAR_BEATS = "ventricular-tachycardia-beats";
    public static final String VENTRICULAR_BPM = "ventricular-tachycardia-bpm";
    public static final String UPDATE_STEP_BPM = "update-step-bpm";
    public static final String UPDATE_INTERVAL = "update-interval";
    public static final String LEAD_OFF_ESCALATION = "lead-off-escalation";
    public static final String APNEA = "apnea";
    public static final String SUPPRESSOR = "suppressor";
    public static final String ATRIAL_FIBRILLATION = "atrial-fibrillation";
    public static final String ATRIAL_FIBRILLATION_END = "atrial-fibrillation-end";
    public static final String ATRIAL_FIBRILLATION_COSEN = "atrial-fibrillation-cosen";
    public static final String AGREEMENT = "agreement";
    public static final String VENTRICULAR_FIBRILLATION = "vf-seconds";

    /** Every threshold name, in help order. */
    public static final List<String> NAMES =
            List.of(
                    ASYSTOLE,
                    BRADYCARDIA_BPM,
                    BRADYCARDIA_BEATS,
                    TACHYCARDIA_BPM,
                    TACHYCARDIA_BEATS,
                    VENTRICULAR_BEATS,
                    VENTRICULAR_BPM,
                    UPDATE_STEP_BPM,
                    UPDATE_INTERVAL,
                    LEAD_OFF_ESCALATION,
                    APNEA,
                    SUPPRESSOR,
                    ATRIAL_FIBRILLATION,
                    ATRIAL_FIBRILLATION_END,
                    ATRIAL_FIBRILLATION_COSEN,
                    AGREEMENT,
                    VENTRICULAR_FIBRILLATION);

    public AlarmThresholds {
        requirePositive(asystoleSeconds, ASYSTOLE);
        requirePositive(bradycardiaBpm, BRADYCARDIA_BPM);
        requirePositive(tachycardiaBpm, TACHYCARDIA_BPM);
        requirePositive(ventricularBpm, VENTRICULAR_BPM);
        requirePositive(updateStepBpm, UPDATE_STEP_BPM);
        requireNotNegative(updateIntervalSeconds, UPDATE_INTERVAL);
        requireNotNegative(leadOffEscalationSeconds, LEAD_OFF_ESCALATION);
        requireNotNegative(apneaSeconds, APNEA);
        requireNotNegative(atrialFibrillationSeconds, ATRIAL_FIBRILLATION);
        requirePositive(atrialFibrillationEndSeconds, ATRIAL_FIBRILLATION_END);
        requireNotNegative(ventricularFibrillationSeconds, VENTRICULAR_FIBRILLATION);
        if (!Double.isFinite(atrialFibrillationCosen)) {
            throw new IllegalArgumentException(
                    ATRIAL_FIBRILLATION_COSEN + " must be finite, got " + atrialFibrillationCosen);
        }
        if (bradycardiaBeats < 1 || tachycardiaBeats < 1 || ventricularBeats < 2) {
            throw new IllegalArgumentException(
                    "Invalid alarm beat counts: bradycardia and tachycardia need at least 1"
                            + " beat, a ventricular tachycardia at least 2 so that the run has a"
                            + " rate; got "
                            + BRADYCARDIA_BEATS
                            + "="
                            + bradycardiaBeats
                            + " "
                            + TACHYCARDIA_BEATS
                            + "="
                            + tachycardiaBeats
                            + " "
                            + VENTRICULAR_BEATS
                            + "="
                            + ventricularBeats);
        }
        if (bradycardiaBpm >= tachycardiaBpm) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "%s %s must be below %s %s, or one rate would raise both alarms",
                            BRADYCARDIA_BPM,
                            bradycardiaBpm,
                            TACHYCARDIA_BPM,
                            tachycardiaBpm));
        }
        if (leadOffEscalationSeconds > 0
                && leadOffEscalationSeconds <= AlarmRules.LEAD_OFF_SECONDS) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "%s %s s must be 0 (never) or longer than the %.0f s after which"
                                    + " LEAD_OFF starts",
                            LEAD_OFF_ESCALATION,
                            leadOffEscalationSeconds,
                            AlarmRules.LEAD_OFF_SECONDS));
        }
    }

    /**
     * The PhysioNet/CinC Challenge 2015 alarm definitions (asystole 4 s, extreme bradycardia below
     * 40 bpm for 5 beats, extreme tachycardia above 140 bpm for 17 beats, ventricular tachycardia 5
     * ventricular beats above 100 bpm), an UPDATE when a rate alarm's rate moves by 10 bpm at most
     * every 10 s, LEAD_OFF escalated after 60 s, apnea after 20 s, the asystole suppressor on, and
     * atrial fibrillation after 30 s of irregular RR intervals, ended by 30 s of regular ones, at
     * the detector's default COSEn threshold, model agreement off, and ventricular
     * flutter/fibrillation after a fibrillatory waveform for 4 s.
     */
    public static AlarmThresholds defaults() {
        return new AlarmThresholds(
                4.0,
                40.0,
                5,
                140.0,
                17,
                5,
                100.0,
                10.0,
                10.0,
                60.0,
                20.0,
                true,
                30.0,
                30.0,
                AfDetector.DEFAULT_COSEN_THRESHOLD,
                false,
                4.0);
    }

    /**
     * One threshold value from a job option.
     *
     * @param key the option, named in errors
     * @param name the threshold, the last part of {@code key}
     * @param value a number for rates and counts, a Flink duration such as {@code 4 s} or {@code
     *     500 ms} for times, {@code on} or {@code off} for the suppressor and for model agreement,
     *     a plain number for the COSEn threshold
     */
    public record Setting(String key, String name, String value) {}

    /**
     * Returns a copy with threshold {@code name} set to {@code value}.
     *
     * @throws IllegalArgumentException naming {@code key} and {@code value} when the name is
     *     unknown or the value invalid
     */
    public AlarmThresholds with(String name, String value, String key) {
        return with(List.of(new Setting(key, name, value)));
    }

    /**
     * Returns a copy with all {@code settings} applied, checked together, so that for example a
     * lower tachycardia and a lower bradycardia limit can be set in either order.
     *
     * @throws IllegalArgumentException naming the option and its value when a name is unknown, a
     *     value cannot be parsed, or the result breaks a limit
     */
    public AlarmThresholds with(List<Setting> settings) {
        Draft draft = new Draft(this);
        for (Setting setting : settings) {
            if (!NAMES.contains(setting.name())) {
                throw unknown(setting.name(), setting.key());
            }
            try {
                draft.set(setting.name(), setting.value());
            } catch (IllegalArgumentException e) {
                throw invalid(List.of(setting), e);
            }
        }
        try {
            return draft.build();
        } catch (IllegalArgumentException e) {
            throw invalid(settings, e);
        }
    }

    private static IllegalArgumentException invalid(
            List<Setting> settings, IllegalArgumentException cause) {
        String options =
                String.join(
                        ", ",
                        settings.stream()
                                .map(setting -> setting.key() + "='" + setting.value() + "'")
                                .toList());
        return new IllegalArgumentException(
                "Invalid alarm option " + options + ": " + cause.getMessage(), cause);
    }

    /** A mutable copy, so that one threshold can change without repeating the others. */
    private static final class Draft {
        private double asystoleSeconds;
        private double bradycardiaBpm;
        private int bradycardiaBeats;
        private double tachycardiaBpm;
        private int tachycardiaBeats;
        private int ventricularBeats;
        private double ventricularBpm;
        private double updateStepBpm;
        private double updateIntervalSeconds;
        private double leadOffEscalationSeconds;
        private double apneaSeconds;
        private boolean suppressor;
        private double atrialFibrillationSeconds;
        private double atrialFibrillationEndSeconds;
        private double atrialFibrillationCosen;
        private boolean agreement;
        private double ventricularFibrillationSeconds;

        Draft(AlarmThresholds from) {
            asystoleSeconds = from.asystoleSeconds;
            bradycardiaBpm = from.bradycardiaBpm;
            bradycardiaBeats = from.bradycardiaBeats;
            tachycardiaBpm = from.tachycardiaBpm;
            tachycardiaBeats = from.tachycardiaBeats;
            ventricularBeats = from.ventricularBeats;
            ventricularBpm = from.ventricularBpm;
            updateStepBpm = from.updateStepBpm;
            updateIntervalSeconds = from.updateIntervalSeconds;
            leadOffEscalationSeconds = from.leadOffEscalationSeconds;
            apneaSeconds = from.apneaSeconds;
            suppressor = from.suppressor;
            atrialFibrillationSeconds = from.atrialFibrillationSeconds;
            atrialFibrillationEndSeconds = from.atrialFibrillationEndSeconds;
            atrialFibrillationCosen = from.atrialFibrillationCosen;
            agreement = from.agreement;
            ventricularFibrillationSeconds = from.ventricularFibrillationSeconds;
        }

        void set(String name, String value) {
            switch (name) {
                case ASYSTOLE -> asystoleSeconds = seconds(value);
                case BRADYCARDIA_BPM -> bradycardiaBpm = number(value);
                case BRADYCARDIA_BEATS -> bradycardiaBeats = count(value);
                case TACHYCARDIA_BPM -> tachycardiaBpm = number(value);
                case TACHYCARDIA_BEATS -> tachycardiaBeats = count(value);
                case VENTRICULAR_BEATS -> ventricularBeats = count(value);
                case VENTRICULAR_BPM -> ventricularBpm = number(value);
                case UPDATE_STEP_BPM -> updateStepBpm = number(value);
                case UPDATE_INTERVAL -> updateIntervalSeconds = seconds(value);
                case LEAD_OFF_ESCALATION -> leadOffEscalationSeconds = seconds(value);
                case APNEA -> apneaSeconds = seconds(value);
                case SUPPRESSOR -> suppressor = onOff(value);
                case ATRIAL_FIBRILLATION -> atrialFibrillationSeconds = seconds(value);
                case ATRIAL_FIBRILLATION_END -> atrialFibrillationEndSeconds = seconds(value);
                case ATRIAL_FIBRILLATION_COSEN -> atrialFibrillationCosen = statistic(value);
                case AGREEMENT -> agreement = onOff(value);
                case VENTRICULAR_FIBRILLATION -> ventricularFibrillationSeconds = seconds(value);
                default -> throw new IllegalStateException("Unhandled threshold " + name);
            }
        }

        AlarmThresholds build() {
            return new AlarmThresholds(
                    asystoleSeconds,
                    bradycardiaBpm,
                    bradycardiaBeats,
                    tachycardiaBpm,
                    tachycardiaBeats,
                    ventricularBeats,
                    ventricularBpm,
                    updateStepBpm,
                    updateIntervalSeconds,
                    leadOffEscalationSeconds,
                    apneaSeconds,
                    suppressor,
                    atrialFibrillationSeconds,
                    atrialFibrillationEndSeconds,
                    atrialFibrillationCosen,
                    agreement,
                    ventricularFibrillationSeconds);
        }
    }

    private static IllegalArgumentException unknown(String name, String key) {
        return new IllegalArgumentException(
                "Unknown alarm threshold '"
                        + name
                        + "' in option "
                        + key
                        + "; known: "
                        + NAMES
                        + ". Other options apply to the whole job, not per unit or stream");
    }

    private static double number(String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number of beats per minute");
        }
    }

    private static double statistic(String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number such as -1.7");
        }
    }

    private static int count(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number of beats");
        }
    }

    private static boolean onOff(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("expected 'on' or 'off'");
        };
    }

    private static double seconds(String value) {
        return DurationText.parse(value).toNanos() / 1e9;
    }

    private static void requirePositive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    name + " must be a positive finite number, got " + value);
        }
    }

    private static void requireNotNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    name + " must be 0 or more and finite, got " + value);
        }
    }
}
