package dev.weir.bench.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one contender process runs: which job, against which topics, with which guarantee. Passed
 * from the runner to the child JVM as {@code --key value} arguments ({@link #toArgs}).
 *
 * @param contender {@code raw}, {@code kafka-streams} or {@code weir}
 * @param applicationId application id, consumer group and transactional-id prefix; fresh per run
 * @param stateDir local state directory; fresh per run
 * @param groupInstanceId static group membership for the contender's consumers, or empty for
 *     dynamic membership (the recovery runs use it, so a restarted instance takes its predecessor's
 *     partitions without waiting for the session timeout)
 */
public record JobSpec(
    String contender,
    Workload workload,
    Guarantee guarantee,
    String bootstrapServers,
    String applicationId,
    String inputTopic,
    String outputTopic,
    Path stateDir,
    String groupInstanceId) {

  /** A spec with dynamic group membership. */
  public JobSpec(
      String contender,
      Workload workload,
      Guarantee guarantee,
      String bootstrapServers,
      String applicationId,
      String inputTopic,
      String outputTopic,
      Path stateDir) {
    this(contender, workload, guarantee, bootstrapServers, applicationId, inputTopic, outputTopic,
        stateDir, "");
  }

  public List<String> toArgs() {
    List<String> args = new ArrayList<>();
    add(args, "contender", contender);
    add(args, "workload", workload.id());
    add(args, "guarantee", guarantee.id());
    add(args, "bootstrap-servers", bootstrapServers);
    add(args, "application-id", applicationId);
    add(args, "input", inputTopic);
    add(args, "output", outputTopic);
    add(args, "state-dir", stateDir.toString());
    if (!groupInstanceId.isEmpty()) {
      add(args, "group-instance-id", groupInstanceId);
    }
    return args;
  }

  public static JobSpec parse(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException(
            "Expected --key value pairs, found '" + args[i] + "' at position " + i);
      }
      flags.put(args[i].substring(2), args[++i]);
    }
    return new JobSpec(
        require(flags, "contender"),
        Workload.parse(require(flags, "workload")),
        Guarantee.parse(require(flags, "guarantee")),
        require(flags, "bootstrap-servers"),
        require(flags, "application-id"),
        require(flags, "input"),
        require(flags, "output"),
        Path.of(require(flags, "state-dir")),
        flags.getOrDefault("group-instance-id", ""));
  }

  private static void add(List<String> args, String key, String value) {
    args.add("--" + key);
    args.add(value);
  }

  private static String require(Map<String, String> flags, String key) {
    String value = flags.get(key);
    if (value == null) {
      throw new IllegalArgumentException("Missing --" + key + "; given " + flags.keySet());
    }
    return value;
  }
}
