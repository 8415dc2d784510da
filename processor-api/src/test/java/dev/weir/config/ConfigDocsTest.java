package dev.weir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDocsTest {

  /** Surefire runs in the module's folder and sets basedir; the doc is at the repository root. */
  private static Path committedDoc() {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    return Path.of(basedir).resolve("..").resolve(ConfigDocs.PATH).normalize();
  }

  @Test
  void theCommittedDocIsTheOneTheDeclarationsGive() throws IOException {
    Path doc = committedDoc();
    assertThat(doc)
        .as("%s is missing. %s", ConfigDocs.PATH, ConfigDocs.REGENERATE)
        .exists();

    assertThat(Files.readString(doc, StandardCharsets.UTF_8))
        .as("%s is out of date with WeirOptions. %s", ConfigDocs.PATH, ConfigDocs.REGENERATE)
        .isEqualTo(ConfigDocs.render());
  }

  @Test
  void everyOptionHasARowWithItsTypeDefaultVariableAndDoc() {
    String doc = ConfigDocs.render();

    for (ConfigOption<?> option : WeirOptions.ALL) {
      assertThat(doc).contains("| `" + option.key() + "` | ");
      assertThat(doc).contains("`" + option.environmentVariable() + "`");
    }
    assertThat(doc)
        .contains(
            "| `num.threads` | int, at least 1 | `1` | `WEIR_NUM_THREADS` | Processing threads in"
                + " this instance; each is a consumer-group member with its own tasks. |")
        .contains(
            "| `commit.interval` | duration, positive | 100ms under exactly_once, 1s under"
                + " at_least_once | `WEIR_COMMIT_INTERVAL` |")
        .contains("| `state.rocksdb.block-cache-size` | bytes, at least 1MiB | `64MiB` |")
        .contains("| `state.dir` | path | \\<java.io.tmpdir\\>/weir |")
        .contains("| `application.id` | string | required |")
        .contains("| `group.instance.id` | string | none |");
  }

  @Test
  void theDocDoesNotDependOnTheMachine() {
    assertThat(ConfigDocs.render()).doesNotContain(System.getProperty("java.io.tmpdir") + "/weir");
  }

  @Test
  void theDocCoversSourcesEnvironmentClientsSecurityAndEveryRule() {
    String doc = ConfigDocs.render();

    assertThat(doc)
        .contains("## Where settings come from")
        .contains("## Environment variables")
        .contains("`WEIR_PRODUCER_COMPRESSION_TYPE` sets `producer.compression.type`")
        .contains("## Kafka client settings")
        .contains("## Security")
        .contains("## Rules checked at start");
    for (ConfigRules.Rule rule : ConfigRules.ALL) {
      assertThat(doc).contains("- " + rule.doc());
    }
  }

  @Test
  void mainWritesTheDocAndCheckRefusesAStaleOne(@TempDir Path dir) throws IOException {
    Path doc = dir.resolve("docs/configuration.md");

    assertThatThrownBy(() -> ConfigDocs.main(new String[] {"check", doc.toString()}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(doc + " is missing. " + ConfigDocs.REGENERATE);

    ConfigDocs.main(new String[] {"write", doc.toString()});
    assertThat(Files.readString(doc, StandardCharsets.UTF_8)).isEqualTo(ConfigDocs.render());
    ConfigDocs.main(new String[] {"check", doc.toString()});

    Files.writeString(doc, "stale");
    assertThatThrownBy(() -> ConfigDocs.main(new String[] {"check", doc.toString()}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            doc
                + " is out of date with WeirOptions. Regenerate it with `mvn -pl processor-api"
                + " process-classes` (any `mvn package` does it too) and commit it.");
  }

  @Test
  void mainSaysHowToCallIt() {
    assertThatThrownBy(() -> ConfigDocs.main(new String[] {"docs/configuration.md"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Usage: ConfigDocs write|check PATH, e.g. ConfigDocs write docs/configuration.md");
  }
}
