package org.medstream.evaluation.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/** Jackson module that writes NaN doubles (statistics without a denominator) as JSON null. */
public final class NanAsNullModule {
    private NanAsNullModule() {}

    public static SimpleModule create() {
        JsonSerializer<Double> serializer =
                new JsonSerializer<>() {
                    @Override
                    public void serialize(
                            Double value, JsonGenerator generator, SerializerProvider provider)
                            throws IOException {
                        if (value.isNaN() || value.isInfinite()) {
                            generator.writeNull();
                        } else {
                            generator.writeNumber(value);
                        }
                    }
                };
        SimpleModule module = new SimpleModule("nan-as-null");
        module.addSerializer(Double.class, serializer);
        module.addSerializer(double.class, serializer);
        return module;
    }
}
