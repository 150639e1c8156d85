package org.medstream.evaluation.beats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ANSI/AAMI EC57 beat-by-beat comparison of test annotations against reference annotations, as
 * WFDB's {@code bxb} does it in its default mode: ±150 ms match window, one-to-one matching, a 5
 * min learning period that is not scored, beats inside reference VF episodes left out.
 *
 * <pre>{@code
 * Ec57Result result = new Ec57Evaluator().evaluate(inputs);
 * System.out.println(result.toTable());
 * }</pre>
 */
public final class Ec57Evaluator {
    private final Ec57Options options;

    /** Creates an evaluator with {@link Ec57Options#DEFAULT}. */
    public Ec57Evaluator() {
        this(Ec57Options.DEFAULT);
    }

    public Ec57Evaluator(Ec57Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Scores each record, then the gross (summed counts) and average statistics. */
    public Ec57Result evaluate(List<RecordScoreInput> inputs) {
        List<RecordScore> records = new ArrayList<>(inputs.size());
        for (RecordScoreInput input : inputs) {
            records.add(BeatMatcher.score(input, options));
        }
        return new Ec57Result(options, records);
    }
}
