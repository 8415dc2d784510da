package dev.weir.ops.cli;

import dev.weir.config.ConfigException;
import dev.weir.config.WeirConfig;
import dev.weir.config.WeirOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/** {@code reset}: the command line around {@link ApplicationReset}. */
final class ResetCommand {

  static final String USAGE =
      """
      Usage: java -jar weir-cli.jar reset --application-id ID --bootstrap-servers HOST:PORT \
      [options]

      Deletes a stopped application's internal topics (<id>-*-repartition, <id>-*-changelog and
      the dead-letter topic), its consumer group <id> (its committed offsets: the next start reads
      the input from the beginning) and its local state folder <state-dir>/<id> on this machine.
      Refuses while the group has members or a worker holds the state folder's lock.

      Options:
        --application-id ID        application.id of the workers (required)
        --bootstrap-servers LIST   Kafka brokers, host:port,... (required)
        --state-dir PATH           state.dir of the workers on this machine
                                   (default: ${java.io.tmpdir}/weir)
        --dead-letter-topic TOPIC  errors.dead-letter.topic of the workers (default: <id>-dlq)
        --keep-dead-letters        keep the dead-letter topic
        --dry-run                  print what would be done; change nothing
        --set KEY=VALUE            a worker option, or an Admin client setting with the prefix
                                   admin. (e.g. --set admin.security.protocol=SSL); repeatable
        -h, --help                 print this help

      Exit codes: 0 done or nothing to do, 1 refused or failed, 2 bad arguments.""";

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final String ADMIN_PREFIX = "admin.";
  private static final List<String> SHARED_PREFIXES = List.of("security.", "sasl.", "ssl.");

  /** What the command line asked for. */
  record Arguments(
      ResetTarget target, Map<String, Object> adminConfig, boolean dryRun, boolean help) {}

  private final PrintStream out;
  private final PrintStream err;

  ResetCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Parses, resets and reports; returns the exit code. */
  int run(List<String> args) {
    Arguments arguments;
    try {
      arguments = parse(args);
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.println("Run 'java -jar weir-cli.jar reset --help' for the options.");
      return WeirCli.BAD_ARGUMENTS;
    }
    if (arguments.help()) {
      out.println(USAGE);
      return WeirCli.OK;
    }
    Admin admin;
    try {
      admin = Admin.create(arguments.adminConfig());
    } catch (KafkaException e) {
      err.println(
          "Cannot create a Kafka Admin client: "
              + causes(e)
              + ". Expected --bootstrap-servers as host:port,... and valid admin.* settings.");
      return WeirCli.BAD_ARGUMENTS;
    }
    try {
      return reset(new ApplicationReset(admin, arguments.target()), arguments);
    } catch (ResetException e) {
      err.println(e.getMessage());
      return WeirCli.REFUSED;
    } finally {
      admin.close(Duration.ofSeconds(10));
    }
  }

  private int reset(ApplicationReset reset, Arguments arguments) {
    ResetPlan plan = reset.plan();
    String app = plan.applicationId();
    if (arguments.dryRun()) {
      if (plan.actions().isEmpty()) {
        out.println(nothingToReset(arguments.target()));
      } else {
        out.println("Dry run, nothing is changed. A reset of application '" + app + "' would:");
        plan.describe().forEach(line -> out.println("  " + line));
      }
      printNotes(plan);
      if (plan.refused()) {
        printRefusals(plan, "A reset now would be refused:");
        return WeirCli.REFUSED;
      }
      return WeirCli.OK;
    }
    if (plan.refused()) {
      printRefusals(plan, "Reset of application '" + app + "' refused, nothing was changed:");
      return WeirCli.REFUSED;
    }
    if (plan.actions().isEmpty()) {
      out.println(nothingToReset(arguments.target()));
      printNotes(plan);
      return WeirCli.OK;
    }
    out.println("Resetting application '" + app + "':");
    try {
      reset.execute(plan, action -> out.println("  " + action.done()));
    } catch (ResetException e) {
      err.println("Reset of application '" + app + "' stopped: " + e.getMessage());
      err.println(
          "The steps printed above are done; fix the cause and run reset again to do the rest.");
      return WeirCli.REFUSED;
    }
    printNotes(plan);
    out.println(
        "Done. The next start of '"
            + app
            + "' reads its input from the beginning, with empty state. Local state on other"
            + " machines is not touched: run reset there too (with their --state-dir) before"
            + " starting instances there.");
    return WeirCli.OK;
  }

  private static String nothingToReset(ResetTarget target) {
    String app = target.applicationId();
    return "Nothing to reset for application '"
        + app
        + "': found no consumer group '"
        + app
        + "', no local state folder "
        + target.stateFolder()
        + ", no topics "
        + app
        + "-<name>-repartition or "
        + app
        + "-<name>-changelog"
        + (target.keepDeadLetters() ? "" : ", no topic " + target.deadLetterTopic())
        + ". If you expected some, check --application-id, --bootstrap-servers and --state-dir.";
  }

  private void printNotes(ResetPlan plan) {
    if (!plan.notes().isEmpty()) {
      out.println("Left alone:");
      plan.notes().forEach(note -> out.println("  " + note));
    }
  }

  private void printRefusals(ResetPlan plan, String heading) {
    err.println(heading);
    plan.refusals().forEach(refusal -> err.println("  " + refusal));
  }

  /**
   * @throws UsageException for an unknown option, a missing value or required option, an option
   *     given twice, or a value the worker config would refuse
   */
  static Arguments parse(List<String> args) throws UsageException {
    Map<String, String> entries = new LinkedHashMap<>();
    Map<String, String> givenAs = new HashMap<>();
    boolean dryRun = false;
    boolean keepDeadLetters = false;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String inline = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        inline = arg.substring(equals + 1);
      }
      String value = null;
      switch (name) {
        case "-h", "--help" -> help = true;
        case "--dry-run" -> dryRun = flag(name, inline);
        case "--keep-dead-letters" -> keepDeadLetters = flag(name, inline);
        case "--application-id", "--bootstrap-servers", "--state-dir", "--dead-letter-topic" -> {
          if (inline == null) {
            value = next(args, ++i, name);
          } else {
            value = inline;
          }
          put(entries, givenAs, key(name), value, name);
        }
        case "--set" -> {
          String entry = inline != null ? inline : next(args, ++i, name);
          int split = entry.indexOf('=');
          if (split <= 0) {
            throw new UsageException(
                "--set takes KEY=VALUE, found '"
                    + entry
                    + "'. E.g. --set admin.security.protocol=SSL or --set state.dir=/var/weir.");
          }
          String key = entry.substring(0, split).trim();
          put(entries, givenAs, key, entry.substring(split + 1), "--set " + key);
        }
        default ->
            throw new UsageException(
                "Unknown option '"
                    + arg
                    + "' for reset. Expected --application-id, --bootstrap-servers, --state-dir,"
                    + " --dead-letter-topic, --keep-dead-letters, --dry-run, --set or --help.");
      }
    }
    if (help) {
      return new Arguments(null, Map.of(), dryRun, true);
    }
    require(
        entries,
        WeirOptions.APPLICATION_ID.key(),
        "--application-id ID",
        "the application.id of the workers to reset");
    require(
        entries,
        WeirOptions.BOOTSTRAP_SERVERS.key(),
        "--bootstrap-servers HOST:PORT",
        "the Kafka brokers the application uses");
    try {
      WeirConfig config = WeirConfig.builder().setAll(entries).build();
      return new Arguments(
          ResetTarget.of(config, keepDeadLetters), adminConfig(entries, config), dryRun, false);
    } catch (ConfigException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static String key(String option) {
    return switch (option) {
      case "--application-id" -> WeirOptions.APPLICATION_ID.key();
      case "--bootstrap-servers" -> WeirOptions.BOOTSTRAP_SERVERS.key();
      case "--state-dir" -> WeirOptions.STATE_DIR.key();
      case "--dead-letter-topic" -> WeirOptions.ERRORS_DEAD_LETTER_TOPIC.key();
      default -> throw new IllegalArgumentException(option);
    };
  }

  private static boolean flag(String name, String inline) throws UsageException {
    if (inline != null) {
      throw new UsageException(name + " takes no value, found '" + name + "=" + inline + "'.");
    }
    return true;
  }

  private static String next(List<String> args, int index, String name) throws UsageException {
    if (index >= args.size() || args.get(index).startsWith("--")) {
      throw new UsageException(name + " needs a value, e.g. " + name + " " + example(name) + ".");
    }
    return args.get(index);
  }

  private static String example(String name) {
    return switch (name) {
      case "--application-id" -> "click-counter";
      case "--bootstrap-servers" -> "localhost:9092";
      case "--state-dir" -> "/var/lib/weir";
      case "--dead-letter-topic" -> "click-counter-dlq";
      default -> "admin.security.protocol=SSL";
    };
  }

  private static void put(
      Map<String, String> entries,
      Map<String, String> givenAs,
      String key,
      String value,
      String how)
      throws UsageException {
    String before = givenAs.putIfAbsent(key, how);
    if (before != null) {
      throw new UsageException(
          key + " is given twice (" + before + " and " + how + "). Give it once.");
    }
    entries.put(key, value);
  }

  private static void require(Map<String, String> entries, String key, String option, String what)
      throws UsageException {
    if (!entries.containsKey(key)) {
      throw new UsageException("Missing " + option + ": " + what + ".");
    }
  }

  /**
   * The Admin client's settings, as a worker's: shared {@code security.*}, {@code sasl.*} and
   * {@code ssl.*} entries (where the worker config accepts them), then {@code admin.*} entries
   * with the prefix removed, each overriding the ones before.
   */
  private static Map<String, Object> adminConfig(Map<String, String> entries, WeirConfig config) {
    Map<String, Object> props = new HashMap<>();
    entries.forEach(
        (key, value) -> {
          if (SHARED_PREFIXES.stream().anyMatch(key::startsWith)) {
            props.put(key, value);
          }
        });
    entries.forEach(
        (key, value) -> {
          if (key.startsWith(ADMIN_PREFIX)) {
            props.put(key.substring(ADMIN_PREFIX.length()), value);
          }
        });
    props.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.require(WeirOptions.BOOTSTRAP_SERVERS));
    props.putIfAbsent(
        AdminClientConfig.CLIENT_ID_CONFIG, config.require(WeirOptions.APPLICATION_ID) + "-reset");
    // Fail within half a minute when the brokers cannot be reached, not after the default minute.
    props.putIfAbsent(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    props.putIfAbsent(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    return props;
  }

  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(": ").append(cause.getMessage());
    }
    return text.toString();
  }
}
