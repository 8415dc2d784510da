package dev.weir.examples;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.config.WeirConfig;
import dev.weir.runtime.Weir;
import dev.weir.serde.Serdes;
import java.util.Locale;

/**
 * The smallest user pipeline, as a user's {@code main} would write it: upper-cases each value.
 * Arguments: bootstrap servers, application id, input topic, output topic, state directory.
 */
public final class TinyPipeline {

  private TinyPipeline() {}

  public static void main(String[] args) {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(KafkaSource.of(args[2], Serdes.bytes(), Serdes.string()))
        .map(value -> value.toUpperCase(Locale.ROOT))
        .sinkTo(KafkaSink.valuesOnly(args[3], Serdes.string()));
    Weir.run(
        pipeline,
        WeirConfig.builder()
            .set("bootstrap.servers", args[0])
            .set("application.id", args[1])
            .set("state.dir", args[4])
            .build());
  }
}
