package org.medstream.cli;

/** A count with its noun for terminal messages: "1 stream", "2 streams". */
final class Counted {
    private Counted() {}

    /** Returns the count and the noun, adding an {@code s} unless the count is 1. */
    static String of(long count, String singular) {
        return count + " " + (count == 1 ? singular : singular + "s");
    }
}
