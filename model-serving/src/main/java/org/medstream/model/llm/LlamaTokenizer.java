package org.medstream.model.llm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medstream.model.llm.gguf.GgufFile;
import org.medstream.model.llm.gguf.GgufMetadata;

/**
 * SentencePiece vocabulary of a Llama GGUF file ({@code tokenizer.ggml.model = llama}), with the
 * greedy encoder of llama2.c: it starts from single characters and repeatedly merges the adjacent
 * pair whose concatenation is the vocabulary entry with the highest score.
 *
 * <p>As SentencePiece does with its default settings, a space is the piece character U+2581 (▁),
 * encoding adds one ▁ before the text ("dummy prefix"), and decoding removes one leading space.
 * Characters missing from the vocabulary are encoded as their UTF-8 bytes, with the byte tokens
 * {@code <0x00>} to {@code <0xFF>}.
 *
 * <p>NOTE: This encoder merges by score, not by SentencePiece's exact unigram (Viterbi) search, so
 * for some texts it may choose another split than the {@code sentencepiece} library; any split
 * decodes to the same text.
 */
public final class LlamaTokenizer {
    /** The SentencePiece space marker, U+2581. */
    public static final String SPACE_MARKER = "\u2581";

    private static final int TYPE_UNKNOWN = 2;
    private static final int TYPE_CONTROL = 3;
    private static final int TYPE_BYTE = 6;

    private final String[] tokens;
    private final float[] scores;
    private final int[] types;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int[] byteTokens = new int[256];
    private final int bosId;
    private final int eosId;

    /**
     * Builds a tokenizer from a vocabulary.
     *
     * @param tokens piece text by token id
     * @param scores merge score by token id; higher merges first
     * @param types SentencePiece token type by id (1 normal, 2 unknown, 3 control, 6 byte, …)
     * @param bosId id of the beginning-of-sequence token
     * @param eosId id of the end-of-sequence token
     */
    public LlamaTokenizer(String[] tokens, float[] scores, int[] types, int bosId, int eosId) {
        if (scores.length != tokens.length || types.length != tokens.length) {
            throw new IllegalArgumentException(
                    tokens.length
                            + " tokens but "
                            + scores.length
                            + " scores and "
                            + types.length
                            + " types");
        }
        this.tokens = tokens.clone();
        this.scores = scores.clone();
        this.types = types.clone();
        this.bosId = bosId;
        this.eosId = eosId;

        java.util.Arrays.fill(byteTokens, -1);
        for (int id = 0; id < tokens.length; id++) {
            if (types[id] == TYPE_BYTE) {
                byteTokens[byteValue(tokens[id])] = id;
            } else if (types[id] != TYPE_CONTROL && types[id] != TYPE_UNKNOWN) {
                ids.putIfAbsent(tokens[id], id);
            }
        }
    }

    /**
     * Reads the vocabulary from {@code tokenizer.ggml.*} metadata.
     *
     * @throws IllegalArgumentException when the tokenizer model is not llama or a key is missing
     */
    public static LlamaTokenizer fromGguf(GgufFile file) {
        GgufMetadata metadata = file.metadata();
        String model = metadata.getString("tokenizer.ggml.model");
        if (!model.equals("llama")) {
            throw new IllegalArgumentException(
                    file.path().getFileName()
                            + ": tokenizer.ggml.model is "
                            + model
                            + "; supported: llama (SentencePiece)");
        }
        return new LlamaTokenizer(
                metadata.getStrings("tokenizer.ggml.tokens"),
                metadata.getFloats("tokenizer.ggml.scores"),
                metadata.getInts("tokenizer.ggml.token_type"),
                Math.toIntExact(metadata.getLong("tokenizer.ggml.bos_token_id")),
                Math.toIntExact(metadata.getLong("tokenizer.ggml.eos_token_id")));
    }

    public int vocabularySize() {
        return tokens.length;
    }

    public int bosId() {
        return bosId;
    }

    public int eosId() {
        return eosId;
    }

    /** Returns the piece text of token {@code id}, e.g. {@code ▁the} or {@code <0x0A>}. */
    public String token(int id) {
        return tokens[id];
    }

    /**
     * Encodes {@code text} with a dummy-prefix space and no BOS or EOS token.
     *
     * @return token ids; empty for empty text
     */
    public int[] encode(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String pieces = SPACE_MARKER + text.replace(" ", SPACE_MARKER);

        List<Integer> sequence = new ArrayList<>();
        for (int offset = 0; offset < pieces.length(); ) {
            int codePoint = pieces.codePointAt(offset);
            String character = new String(Character.toChars(codePoint));
            Integer id = ids.get(character);
            if (id != null) {
                sequence.add(id);
            } else {
                addBytes(character, sequence);
            }
            offset += Character.charCount(codePoint);
        }

        mergePairs(sequence);
        int[] result = new int[sequence.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = sequence.get(i);
        }
        return result;
    }

    /**
     * Decodes token ids to text: byte tokens are raw bytes, the pieces' ▁ become spaces, control
     * tokens (BOS, EOS) are dropped, the bytes are read as UTF-8, and one leading space is removed.
     */
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= tokens.length) {
                throw new IllegalArgumentException(
                        "token id " + id + " outside the vocabulary of " + tokens.length);
            }
            if (types[id] == TYPE_CONTROL) {
                continue;
            }
            if (types[id] == TYPE_BYTE) {
                bytes.write(byteValue(tokens[id]));
            } else {
                bytes.writeBytes(
                        tokens[id].replace(SPACE_MARKER, " ").getBytes(StandardCharsets.UTF_8));
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.startsWith(" ") ? text.substring(1) : text;
    }

    private void addBytes(String character, List<Integer> sequence) {
        for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
            int id = byteTokens[b & 0xff];
            if (id < 0) {
                throw new IllegalArgumentException(
                        "character "
                                + character
                                + " is not in the vocabulary and byte token "
                                + String.format("<0x%02X>", b & 0xff)
                                + " is missing");
            }
            sequence.add(id);
        }
    }

    /** Merges the best-scoring adjacent pair until no concatenation is in the vocabulary. */
    private void mergePairs(List<Integer> sequence) {
        while (true) {
            float bestScore = Float.NEGATIVE_INFINITY;
            int bestId = -1;
            int bestIndex = -1;
            for (int i = 0; i + 1 < sequence.size(); i++) {
                String merged = tokens[sequence.get(i)] + tokens[sequence.get(i + 1)];
                Integer id = ids.get(merged);
                if (id != null && scores[id] > bestScore) {
                    bestScore = scores[id];
                    bestId = id;
                    bestIndex = i;
                }
            }
            if (bestIndex < 0) {
                return;
            }
            sequence.set(bestIndex, bestId);
            sequence.remove(bestIndex + 1);
        }
    }

    private static int byteValue(String token) {
        if (token.length() != 6 || !token.startsWith("<0x") || !token.endsWith(">")) {
            throw new IllegalArgumentException(
                    "byte token " + token + " is not of the form <0xHH>");
        }
        return Integer.parseInt(token.substring(3, 5), 16);
    }
}
