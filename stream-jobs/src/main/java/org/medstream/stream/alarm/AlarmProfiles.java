package org.medstream.stream.alarm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link AlarmRules} of every stream, from job options with this precedence: a stream's own
 * options ({@code alarm.stream.STREAM.NAME}) over its care unit's ({@code alarm.unit.UNIT.NAME})
 * over the job's ({@code alarm.NAME}) over the built-in defaults. Each level sets only the
 * thresholds it names and inherits the others. A stream belongs to the care unit that {@code
 * alarm.stream.STREAM.unit} names, else to the {@code careUnit} of its patient context, which the
 * ingest gate joins onto its chunks. Streams in no unit use the job's thresholds unless they have
 * options of their own. A stream's own options build on the unit the options assign, never on the
 * patient's unit, because they are fixed when the job is built.
 *
 * <p>All rules are built when the job is built, so a bad value fails at start, with the option and
 * the value in the message.
 */
public final class AlarmProfiles implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Prefix of all alarm options. */
    public static final String PREFIX = "alarm.";

    /** Prefix of the per-care-unit options, {@code alarm.unit.UNIT.NAME}. */
    public static final String UNIT_PREFIX = "alarm.unit.";

    /** Prefix of the per-stream options, {@code alarm.stream.STREAM.NAME}. */
    public static final String STREAM_PREFIX = "alarm.stream.";

    /** Last part of the option that assigns a stream to a care unit. */
    public static final String UNIT = "unit";

    private final AlarmRules jobRules;
    private final Map<String, AlarmRules> unitRules;
    private final Map<String, AlarmRules> streamRules;
    private final Map<String, String> unitByStream;

    private AlarmProfiles(
            AlarmRules jobRules,
            Map<String, AlarmRules> unitRules,
            Map<String, AlarmRules> streamRules,
            Map<String, String> unitByStream) {
        this.jobRules = jobRules;
        this.unitRules = unitRules;
        this.streamRules = streamRules;
        this.unitByStream = unitByStream;
    }

    /** Returns profiles that give every stream {@code rules}. */
    public static AlarmProfiles of(AlarmRules rules) {
        return new AlarmProfiles(rules, Map.of(), Map.of(), Map.of());
    }

    /**
     * Reads the alarm options among {@code options} (option key to value; other keys are ignored)
     * on top of {@code defaults}.
     *
     * @throws IllegalArgumentException naming the option and its value when a key names no
     *     threshold, a value is invalid, or a stream or care unit name is empty
     */
    public static AlarmProfiles fromOptions(AlarmThresholds defaults, Map<String, String> options) {
        Map<String, String> jobOptions = new TreeMap<>();
        Map<String, Map<String, String>> unitOptions = new TreeMap<>();
        Map<String, Map<String, String>> streamOptions = new TreeMap<>();
        Map<String, String> unitByStream = new LinkedHashMap<>();

        for (Map.Entry<String, String> option : new TreeMap<>(options).entrySet()) {
            String key = option.getKey();
            if (key.startsWith(UNIT_PREFIX)) {
                Scoped scoped = Scoped.parse(key, UNIT_PREFIX, "care unit");
                unitOptions
                        .computeIfAbsent(scoped.scope(), unit -> new TreeMap<>())
                        .put(key, option.getValue());
            } else if (key.startsWith(STREAM_PREFIX)) {
                Scoped scoped = Scoped.parse(key, STREAM_PREFIX, "stream");
                if (scoped.name().equals(UNIT)) {
                    String unit = option.getValue().strip();
                    if (unit.isEmpty()) {
                        throw new IllegalArgumentException(
                                "Empty care unit for " + key + "; name the stream's care unit");
                    }
                    unitByStream.put(scoped.scope(), unit);
                } else {
                    streamOptions
                            .computeIfAbsent(scoped.scope(), stream -> new TreeMap<>())
                            .put(key, option.getValue());
                }
            } else if (key.startsWith(PREFIX)
                    && AlarmThresholds.NAMES.contains(key.substring(PREFIX.length()))) {
                jobOptions.put(key, option.getValue());
            }
        }

        AlarmThresholds job = apply(defaults, jobOptions, PREFIX);
        Map<String, AlarmThresholds> units = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> unit : unitOptions.entrySet()) {
            units.put(unit.getKey(), apply(job, unit.getValue(), null));
        }
        Map<String, AlarmRules> unitRules = new TreeMap<>();
        units.forEach((unit, thresholds) -> unitRules.put(unit, new AlarmRules(thresholds)));

        Map<String, AlarmRules> streamRules = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> stream : streamOptions.entrySet()) {
            String unit = unitByStream.get(stream.getKey());
            AlarmThresholds base = unit != null && units.containsKey(unit) ? units.get(unit) : job;
            streamRules.put(stream.getKey(), new AlarmRules(apply(base, stream.getValue(), null)));
        }
        return new AlarmProfiles(new AlarmRules(job), unitRules, streamRules, unitByStream);
    }

    /** Returns the rules of {@code streamId}: its own, else its care unit's, else the job's. */
    public AlarmRules rulesFor(String streamId) {
        return rulesFor(streamId, null);
    }

    /**
     * Returns the rules of {@code streamId}: its own, else those of the care unit that the options
     * assign it to, else those of {@code patientCareUnit}, else the job's. A unit without options
     * of its own has the job's rules.
     *
     * @param patientCareUnit the care unit of the stream's patient context, or null when unknown
     */
    public AlarmRules rulesFor(String streamId, String patientCareUnit) {
        AlarmRules own = streamRules.get(streamId);
        if (own != null) {
            return own;
        }
        String unit = unitByStream.getOrDefault(streamId, patientCareUnit);
        if (unit != null) {
            AlarmRules ofUnit = unitRules.get(unit);
            if (ofUnit != null) {
                return ofUnit;
            }
        }
        return jobRules;
    }

    /**
     * Returns whether model agreement ({@link AlarmThresholds#agreement()}) is on for the job, a
     * care unit or a stream, so that the job must run the agreement detector.
     */
    public boolean anyAgreement() {
        if (jobRules.thresholds().agreement()) {
            return true;
        }
        return unitRules.values().stream().anyMatch(rules -> rules.thresholds().agreement())
                || streamRules.values().stream().anyMatch(rules -> rules.thresholds().agreement());
    }

    /** Returns the care unit that the options assign {@code streamId} to, or null. */
    public String unitOf(String streamId) {
        return unitByStream.get(streamId);
    }

    private static AlarmThresholds apply(
            AlarmThresholds base, Map<String, String> options, String prefix) {
        List<AlarmThresholds.Setting> settings = new ArrayList<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            String name =
                    prefix != null
                            ? key.substring(prefix.length())
                            : key.substring(key.lastIndexOf('.') + 1);
            settings.add(new AlarmThresholds.Setting(key, name, option.getValue()));
        }
        return settings.isEmpty() ? base : base.with(settings);
    }

    /** An option key {@code PREFIX SCOPE . NAME}; the scope (stream or unit) may contain dots. */
    private record Scoped(String scope, String name) {
        static Scoped parse(String key, String prefix, String scopeName) {
            String rest = key.substring(prefix.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                throw new IllegalArgumentException(
                        "Invalid option "
                                + key
                                + "; write "
                                + prefix
                                + scopeName.toUpperCase(java.util.Locale.ROOT).replace(' ', '_')
                                + ".NAME with NAME one of "
                                + AlarmThresholds.NAMES
                                + (prefix.equals(STREAM_PREFIX) ? " or " + UNIT : ""));
            }
            return new Scoped(rest.substring(0, dot), rest.substring(dot + 1));
        }
    }
}
