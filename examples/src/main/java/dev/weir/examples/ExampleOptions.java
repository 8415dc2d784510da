package dev.weir.examples;

import dev.weir.config.ConfigException;
import dev.weir.config.WeirConfig;
import dev.weir.config.WeirOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags every example takes:
 *
 * <pre>
 *   --bootstrap-servers HOST:PORT   Kafka to use; without it a local broker is started
 *   --application-id ID             default: the example's name
 *   --input TOPIC --output TOPIC    the example's topics
 *   --state-dir PATH                local state
 *   --guarantee exactly_once|at_least_once
 *   --threads N
 *   --set key=value                 any Weir option; repeatable
 * </pre>
 *
 * Flags an example understands beyond these are kept in {@link #extra()}.
 */
final class ExampleOptions {

  final String example;
  String bootstrapServers;
  String applicationId;
  String input = "clicks";
  String output;
  final Map<String, String> settings = new LinkedHashMap<>();
  private final Map<String, String> extra = new LinkedHashMap<>();

  private ExampleOptions(String example) {
    this.example = example;
    this.applicationId = example;
    this.output = example.equals("click-counter") ? "click-counts" : example;
  }

  static ExampleOptions parse(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      throw new IllegalArgumentException("Name an example first, e.g. click-counter");
    }
    ExampleOptions options = new ExampleOptions(args[0]);
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    for (int i = 0; i < rest.size(); i++) {
      String flag = rest.get(i);
      if (!flag.startsWith("--")) {
        throw new IllegalArgumentException("Expected a --flag, found '" + flag + "'");
      }
      String name = flag.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else {
        if (i + 1 >= rest.size()) {
          throw new IllegalArgumentException("Flag --" + name + " needs a value");
        }
        value = rest.get(++i);
      }
      options.accept(name, value);
    }
    return options;
  }

  private void accept(String name, String value) {
    switch (name) {
      case "bootstrap-servers" -> bootstrapServers = value;
      case "application-id" -> applicationId = value;
      case "input" -> input = value;
      case "output" -> output = value;
      case "state-dir" -> settings.put(WeirOptions.STATE_DIR.key(), value);
      case "guarantee" -> settings.put(WeirOptions.PROCESSING_GUARANTEE.key(), value);
      case "threads" -> settings.put(WeirOptions.NUM_THREADS.key(), value);
      case "set" -> {
        int equals = value.indexOf('=');
        if (equals <= 0) {
          throw new IllegalArgumentException(
              "--set takes key=value, e.g. --set commit.interval=200ms; found '" + value + "'");
        }
        settings.put(value.substring(0, equals).trim(), value.substring(equals + 1).trim());
      }
      default -> extra.put(name, value);
    }
  }

  /** Flags not shared by all examples. */
  Map<String, String> extra() {
    return extra;
  }

  /** The worker config these flags give, for the given brokers. */
  WeirConfig config(String bootstrap) {
    try {
      return WeirConfig.builder()
          .setAll(settings)
          .set(WeirOptions.APPLICATION_ID.key(), applicationId)
          .set(WeirOptions.BOOTSTRAP_SERVERS.key(), bootstrap)
          .build();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
