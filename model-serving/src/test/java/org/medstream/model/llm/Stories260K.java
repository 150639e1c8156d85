package org.medstream.model.llm;

import java.nio.file.Path;

/**
 * Paths of the shipped stories260K model (llama2.c's 260 K-parameter TinyStories model as GGUF):
 * dim 64, 5 layers, 8 query heads, 4 key/value heads, vocabulary 512, F32 weights.
 */
public final class Stories260K {
    /** The model directory, found from the bundled data directory that the build passes in. */
    public static final Path DIRECTORY =
            Path.of(System.getProperty("medstream.data.dir"), "..", "models", "stories260K");

    public static final Path GGUF = DIRECTORY.resolve("stories260K.gguf");

    /** Greedy output from BOS for 256 steps, written by llama2.c's reference implementation. */
    public static final Path GREEDY_EXPECTED = DIRECTORY.resolve("greedy-expected.txt");

    private Stories260K() {}
}
