package org.medstream.model.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.model.llm.gguf.GgufFile;

class LlamaTokenizerTest {
    private static LlamaTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = LlamaTokenizer.fromGguf(GgufFile.open(Stories260K.GGUF));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Once upon a time, there was a little girl named Lily.",
                "Lily's mom said, \"Let's go!\"\nThey played all day.\n\nThe end.",
                "Café au lait, naïve façade: 10 € — 日本語 😀",
                " starts with a space",
                "two  spaces and a tab\tend",
                "x"
            })
    void roundTrip(String text) {
        int[] ids = tokenizer.encode(text);

        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Test
    void wordsMerged() {
        int[] ids = tokenizer.encode("Once upon a Lily");

        assertThat(Arrays.stream(ids).mapToObj(tokenizer::token))
                .containsExactly("▁Once", "▁upon", "▁a", "▁Lily");
    }

    @Test
    void newlineUsesByteToken() {
        int[] ids = tokenizer.encode("a\nb");

        assertThat(Arrays.stream(ids).mapToObj(tokenizer::token)).contains("<0x0A>");
    }

    @Test
    void missingCharacterFallsBackToBytes() {
        int[] ids = tokenizer.encode("😀");

        // ▁, then the four UTF-8 bytes of U+1F600.
        assertThat(Arrays.stream(ids).mapToObj(tokenizer::token))
                .containsExactly("▁", "<0xF0>", "<0x9F>", "<0x98>", "<0x80>");
    }

    @Test
    void controlTokensDecodeToNothing() {
        int[] ids = {tokenizer.bosId(), tokenizer.encode("Lily")[0], tokenizer.eosId()};

        assertThat(tokenizer.decode(ids)).isEqualTo("Lily");
    }

    @Test
    void emptyTextHasNoTokens() {
        assertThat(tokenizer.encode("")).isEmpty();
    }

    @Test
    void specialIdsRead() {
        assertThat(tokenizer.bosId()).isEqualTo(1);
        assertThat(tokenizer.eosId()).isEqualTo(2);
        assertThat(tokenizer.vocabularySize()).isEqualTo(512);
    }
}
