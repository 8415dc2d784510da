package dev.weir.ops.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code java -jar weir-cli.jar <command> [options]}.
 *
 * <p>Exit codes: {@value #OK} done (or nothing to do), {@value #REFUSED} refused or failed,
 * {@value #BAD_ARGUMENTS} bad arguments.
 */
public final class WeirCli {

  static final int OK = 0;
  static final int REFUSED = 1;
  static final int BAD_ARGUMENTS = 2;

  static final String USAGE =
      """
      Usage: java -jar weir-cli.jar <command> [options]

      Commands:
        reset   Delete a stopped application's internal topics, consumer group and local state.

      Run 'java -jar weir-cli.jar <command> --help' for a command's options.""";

  private WeirCli() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs one command; what it prints goes to {@code out}, problems to {@code err}. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println(USAGE);
      return BAD_ARGUMENTS;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    switch (command) {
      case "reset":
        return new ResetCommand(out, err).run(rest);
      case "-h":
      case "--help":
      case "help":
        out.println(USAGE);
        return OK;
      default:
        err.println("Unknown command '" + command + "'. Expected one of: reset.");
        err.println();
        err.println(USAGE);
        return BAD_ARGUMENTS;
    }
  }
}
