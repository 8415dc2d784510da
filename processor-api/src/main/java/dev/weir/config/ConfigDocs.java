package dev.weir.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders {@code docs/configuration.md} from the declarations in {@link WeirOptions} and {@link
 * ConfigRules}, so the documentation cannot drift from the code. The build runs {@link #main} at
 * {@code process-classes} (see processor-api's pom.xml); {@code ConfigDocsTest} fails when the
 * committed file differs from {@link #render()}. A build tool, not part of the user API.
 */
public final class ConfigDocs {

  /** Where the document lives, from the repository root. */
  static final String PATH = "docs/configuration.md";

  /** How to regenerate the document, for messages. */
  static final String REGENERATE =
      "Regenerate it with `mvn -pl processor-api process-classes` (any `mvn package` does it too)"
          + " and commit it.";

  private ConfigDocs() {}

  /**
   * Writes or checks the document.
   *
   * @param args {@code write PATH} writes the document to PATH when it differs; {@code check PATH}
   *     fails when PATH differs from the declarations, without writing
   * @throws IllegalStateException in check mode when the document is stale
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !(args[0].equals("write") || args[0].equals("check"))) {
      throw new IllegalArgumentException(
          "Usage: ConfigDocs write|check PATH, e.g. ConfigDocs write docs/configuration.md");
    }
    Path path = Path.of(args[1]).normalize();
    String rendered = render();
    String current = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : null;
    if (rendered.equals(current)) {
      return;
    }
    if (args[0].equals("check")) {
      throw new IllegalStateException(
          path
              + (current == null ? " is missing." : " is out of date with WeirOptions.")
              + " "
              + REGENERATE);
    }
    Files.createDirectories(path.toAbsolutePath().getParent());
    Files.writeString(path, rendered, StandardCharsets.UTF_8);
    System.out.println("Wrote " + path);
  }

  /** The whole document. */
  public static String render() {
    StringBuilder out = new StringBuilder();
    line(out, "# Configuration");
    line(out, "");
    line(
        out,
        "<!-- Generated from dev.weir.config.WeirOptions by dev.weir.config.ConfigDocs: do not"
            + " edit. "
            + REGENERATE.replace("`", "")
            + " -->");
    line(out, "");
    line(
        out,
        "Every Weir option is declared once, with its key, type, default, validation and"
            + " documentation, in `dev.weir.config.WeirOptions`; this page is generated from those"
            + " declarations by the build. Unknown keys, malformed values and conflicts between"
            + " options fail at start, with a message that names the key, where its value came"
            + " from, and the fix.");
    line(out, "");
    sources(out);
    options(out);
    environment(out);
    clients(out);
    security(out);
    rules(out);
    return out.toString();
  }

  private static void sources(StringBuilder out) {
    line(out, "## Where settings come from");
    line(out, "");
    line(out, "`WeirConfig.fromSources(file, environment, flags)` reads, each overriding the ones before:");
    line(out, "");
    line(out, "1. the defaults below;");
    line(out, "2. a Java properties file (UTF-8, `key=value` per line), when one is given;");
    line(out, "3. `WEIR_` environment variables (see [Environment variables](#environment-variables));");
    line(out, "4. command-line flags (`--set key=value`).");
    line(out, "");
    line(
        out,
        "`WeirConfig.fromEnvironment(flags)` does the same with the process's environment, and"
            + " reads the properties file that `"
            + ConfigSources.CONFIG_FILE_VARIABLE
            + "` names, if it is set. An application that builds its config in code"
            + " (`WeirConfig.builder()`) can call `.file(path)`, `.environment(System.getenv())`"
            + " and `.flags(map)` after its own `set` calls to let them override it.");
    line(out, "");
    line(
        out,
        "`WeirConfig.describe()` renders the config in force for a startup print: every option's"
            + " value and where it came from (default, file, environment variable or command"
            + " line), with secrets shown as `[hidden]` (see [Security](#security)).");
    line(out, "");
    line(
        out,
        "Durations are written `250ms`, `10s`, `5m`, `1h`, `2d`, as a bare number of"
            + " milliseconds, or in ISO-8601 (`PT10S`). Sizes are written `1048576`, `64KiB`,"
            + " `16MiB`, `1GiB`.");
    line(out, "");
  }

  private static void options(StringBuilder out) {
    line(out, "## Options");
    line(out, "");
    line(out, "| Key | Type | Default | Environment variable | Description |");
    line(out, "|---|---|---|---|---|");
    for (ConfigOption<?> option : WeirOptions.ALL) {
      String defaultCell =
          option.defaultRule() == null && option.defaultValue() != null
              ? "`" + option.defaultDoc() + "`"
              : escape(option.defaultDoc());
      line(
          out,
          "| `"
              + option.key()
              + "` | "
              + escape(option.type())
              + " | "
              + defaultCell
              + " | `"
              + option.environmentVariable()
              + "` | "
              + escape(option.doc())
              + " |");
    }
    line(out, "");
  }

  private static void environment(StringBuilder out) {
    line(out, "## Environment variables");
    line(out, "");
    line(
        out,
        "An option's variable is `WEIR_` and its key in upper case, with `.` and `-` written"
            + " `_`: `"
            + WeirOptions.NUM_THREADS.environmentVariable()
            + "` sets `"
            + WeirOptions.NUM_THREADS.key()
            + "`, `"
            + WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE.environmentVariable()
            + "` sets `"
            + WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE.key()
            + "`. Variables are matched against the declared keys, so a hyphen needs no"
            + " special spelling.");
    line(out, "");
    line(
        out,
        "Kafka client settings take the client's prefix, and every `_` after it stands for a"
            + " `.`: `WEIR_PRODUCER_COMPRESSION_TYPE` sets `producer.compression.type`,"
            + " `WEIR_SASL_JAAS_CONFIG` sets `sasl.jaas.config`, `WEIR_SECURITY_PROTOCOL` sets"
            + " `security.protocol`. A Kafka key that has a `_` or `-` of its own cannot be set"
            + " this way; set it in the file or with a flag.");
    line(out, "");
    line(
        out,
        "Every `WEIR_` variable must name a setting: an unknown one (a typo such as"
            + " `WEIR_NUM_THREAD`) fails the start with a message naming it and the nearest"
            + " option. `"
            + ConfigSources.CONFIG_FILE_VARIABLE
            + "` is the one exception: it names the properties file. Kubernetes sets"
            + " `WEIR_SERVICE_HOST`, `WEIR_PORT` and the like for a Service named `weir`; name"
            + " the Service otherwise, or set `enableServiceLinks: false` in the pod spec.");
    line(out, "");
  }

  private static void clients(StringBuilder out) {
    line(out, "## Kafka client settings");
    line(out, "");
    line(
        out,
        "Settings with a client prefix pass through to that kind of Kafka client, prefix removed,"
            + " unchecked by Weir (Kafka checks them):");
    line(out, "");
    line(out, "| Prefix | Reaches |");
    line(out, "|---|---|");
    line(out, "| `consumer.` | every consumer: the processing consumers and the restore consumers |");
    line(out, "| `producer.` | every producer |");
    line(out, "| `admin.` | the admin client that creates and checks topics |");
    line(out, "");
    line(
        out,
        "For example `consumer.max.poll.records=500` or `producer.compression.type=lz4`. A few"
            + " settings Weir's commit protocol depends on, such as `group.id`,"
            + " `enable.auto.commit`, `transactional.id` and the (de)serializers, are set by Weir"
            + " and cannot be overridden.");
    line(out, "");
    line(
        out,
        "Under exactly_once, the producers' `transaction.timeout.ms` is "
            + WeirOptions.EXACTLY_ONCE_TRANSACTION_TIMEOUT.toMillis()
            + " ms, shorter than Kafka's own default, unless `producer.transaction.timeout.ms` is set:"
            + " a transaction left open by a worker that died then holds back `read_committed`"
            + " readers for less time. Each client's settings are `WeirConfig.clientConfig(client)`"
            + " for `consumer`, `producer` or `admin`.");
    line(out, "");
  }

  private static void security(StringBuilder out) {
    line(out, "## Security");
    line(out, "");
    line(
        out,
        "`security.*`, `sasl.*` and `ssl.*` settings written without a client prefix reach every"
            + " Kafka client Weir makes: consumers, restore consumers, producers and the admin"
            + " client. A prefixed setting overrides the shared one for its client, whichever"
            + " source each came from. Shared security keys are checked against the settings the"
            + " Kafka clients know, so a typo fails at start.");
    line(out, "");
    line(out, "```properties");
    line(out, "security.protocol=SASL_SSL");
    line(out, "sasl.mechanism=SCRAM-SHA-512");
    line(
        out,
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"weir\" password=\"...\";");
    line(out, "ssl.truststore.location=/etc/weir/truststore.p12");
    line(out, "# only the admin client uses another account:");
    line(
        out,
        "admin.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"weir-admin\" password=\"...\";");
    line(out, "```");
    line(out, "");
    line(
        out,
        "Secret values are never printed: `describe()` and `toString()` show `[hidden]` for every"
            + " key (prefixed or not) that a Kafka client declares as a password, or whose name"
            + " contains `password`, `passphrase`, `secret` or `sasl.jaas.config`, or that is an"
            + " SSL key (`ssl.keystore.key`). Error messages name such keys but never their"
            + " values. Prefer the environment or a file readable by the worker alone for"
            + " secrets; a command line is visible to every user of the machine.");
    line(out, "");
  }

  private static void rules(StringBuilder out) {
    line(out, "## Rules checked at start");
    line(out, "");
    line(
        out,
        "Rules that span options are checked when the config is built, before any thread runs;"
            + " a broken rule fails with a message naming both keys, their values, where each"
            + " came from, and the fix.");
    line(out, "");
    for (ConfigRules.Rule rule : ConfigRules.ALL) {
      line(out, "- " + escape(rule.doc()));
    }
  }

  /** Escapes text for Markdown (outside code spans): angle brackets and table pipes. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "\\<")
        .replace(">", "\\>");
  }

  private static void line(StringBuilder out, String text) {
    out.append(text).append('\n');
  }
}
