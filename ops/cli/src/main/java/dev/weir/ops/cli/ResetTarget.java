package dev.weir.ops.cli;

import dev.weir.config.ConfigException;
import dev.weir.config.WeirConfig;
import dev.weir.config.WeirOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to reset: an application, where its local state lives on this machine, and what to do with
 * its dead letters.
 *
 * @param applicationId the application's id: its consumer group and the prefix of its topics
 * @param stateDir the {@code state.dir} its workers use on this machine; the folder {@code
 *     <stateDir>/<applicationId>} is deleted
 * @param deadLetterTopic the topic its dead letters go to
 * @param keepDeadLetters true to keep the dead-letter topic (dead letters are evidence)
 */
public record ResetTarget(
    String applicationId, Path stateDir, String deadLetterTopic, boolean keepDeadLetters) {

  // Legal Kafka topic characters: the id prefixes topic names. It also names a folder below
  // state.dir, so this keeps "..", "/" and the like from ever pointing the delete elsewhere.
  private static final Pattern LEGAL_ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  /**
   * @throws ConfigException when the application id could not be a Weir application's id
   */
  public ResetTarget {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    if (!LEGAL_ID.matcher(applicationId).matches()
        || applicationId.equals(".")
        || applicationId.equals("..")) {
      throw new ConfigException(
          "Application id '"
              + applicationId
              + "' is not one a Weir application can have: it prefixes topic names, so it uses"
              + " only letters, digits, '.', '_' and '-' (and is not '.' or '..'). Pass the"
              + " application.id the workers are configured with.");
    }
  }

  /**
   * The target a worker with this config would leave behind: {@code application.id}, {@code
   * state.dir} (default {@code ${java.io.tmpdir}/weir}) and the dead-letter topic in force.
   *
   * @throws ConfigException when {@code application.id} is not set or not legal
   */
  public static ResetTarget of(WeirConfig config, boolean keepDeadLetters) {
    return new ResetTarget(
        config.require(WeirOptions.APPLICATION_ID),
        config.get(WeirOptions.STATE_DIR),
        config.deadLetterTopic(),
        keepDeadLetters);
  }

  /** {@code <stateDir>/<applicationId>}. */
  public Path stateFolder() {
    return stateDir.resolve(applicationId);
  }

  /** The consumer group of the application's workers. */
  public String groupId() {
    return applicationId;
  }
}
