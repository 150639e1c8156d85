package org.medstream.cli;

/** Entry point of the {@code medstream} command line. */
public final class Medstream {
    private Medstream() {}

    public static void main(String[] args) {
        System.out.println("medstream");
    }
}
