package org.medstream.stream.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.LmuBeatDetector;
import org.medstream.stream.detect.MedTsLlmBeatDetector;
import org.medstream.stream.detect.PanTompkinsDetector;

/** The beat detectors the job can run, by the name the {@code detector} option takes. */
public final class DetectorCatalog {
    /** Name of the Pan-Tompkins QRS detector, as the command line's {@code --model classic}. */
    public static final String CLASSIC = "classic";

    /** Directory of the shipped LMU beats model, relative to the medstream home. */
    public static final String BUNDLED_BEATS_MODEL = "models/lmu-beats";

    private static final Map<String, Supplier<BeatDetector<?>>> DETECTORS = new TreeMap<>();

    /** Error for detector medtsllm without a model directory; the job options check it too. */
    static final String MEDTSLLM_WITHOUT_DIRECTORY =
            "detector medtsllm needs detector.model-dir: a directory written by"
                    + " 'medstream train --model medtsllm --task beats'";

    /** Every detector name, those with a model of their own included. */
    private static final List<String> NAMES =
            List.of(CLASSIC, LmuBeatDetector.NAME, MedTsLlmBeatDetector.NAME);

    static {
        DETECTORS.put(CLASSIC, PanTompkinsDetector::new);
        DETECTORS.put(LmuBeatDetector.NAME, () -> new LmuBeatDetector(bundledBeatsModel()));
    }

    private DetectorCatalog() {}

    /** Returns every detector name, those with a model of their own included. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Returns the shipped beats model under {@code $MEDSTREAM_HOME}, or under the working directory
     * when the variable is not set.
     */
    public static Path bundledBeatsModel() {
        return Path.of(System.getenv().getOrDefault("MEDSTREAM_HOME", "."))
                .resolve(BUNDLED_BEATS_MODEL);
    }

    /**
     * Returns a new instance of the detector that checks the alarms of {@code detector} under model
     * agreement: the shipped LMU beats model for any detector but the LMU one, and the classic
     * detector for the LMU beats model, because two detectors agree only when they can fail
     * differently.
     */
    public static BeatDetector<?> agreementFor(BeatDetector<?> detector) {
        return detector.name().equals(LmuBeatDetector.NAME)
                ? byName(CLASSIC)
                : byName(LmuBeatDetector.NAME);
    }

    /**
     * Returns a new instance of the detector called {@code name}.
     *
     * @throws IllegalArgumentException if no detector has that name
     */
    public static BeatDetector<?> byName(String name) {
        return of(name, null);
    }

    /**
     * Returns a new instance of the detector called {@code name}, with the model in {@code
     * modelDirectory}: for {@code lmu} in place of the shipped one, for {@code medtsllm} required.
     *
     * @param modelDirectory a directory written by {@code medstream train}, or null
     * @throws IllegalArgumentException if no detector has that name, or the directory is missing
     *     for {@code medtsllm} or given for {@code classic}
     */
    public static BeatDetector<?> of(String name, Path modelDirectory) {
        if (name.equals(MedTsLlmBeatDetector.NAME)) {
            if (modelDirectory == null) {
                throw new IllegalArgumentException(MEDTSLLM_WITHOUT_DIRECTORY);
            }
            return new MedTsLlmBeatDetector(modelDirectory);
        }
        if (name.equals(LmuBeatDetector.NAME) && modelDirectory != null) {
            return new LmuBeatDetector(modelDirectory);
        }
        Supplier<BeatDetector<?>> detector = DETECTORS.get(name);
        if (detector == null) {
            throw new IllegalArgumentException(
                    "Unknown beat detector '"
                            + name
                            + "'; available: "
                            + NAMES
                            + ". Choose one with --detector");
        }
        if (modelDirectory != null) {
            throw new IllegalArgumentException(directoryNotApplicable(name));
        }
        return detector.get();
    }

    /** Error for a model directory given to a detector without a model of its own. */
    static String directoryNotApplicable(String detector) {
        return "detector.model-dir applies to detector lmu or medtsllm, not " + detector;
    }
}
