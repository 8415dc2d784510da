/**
 * Command-line tools for operating Weir applications: {@code java -jar weir-cli.jar reset ...}.
 *
 * <p>{@link dev.weir.ops.cli.ApplicationReset} holds the logic of {@code reset} and can be called
 * from code (e.g. between test runs); {@link dev.weir.ops.cli.WeirCli} is the command line around
 * it. The tools use only the Kafka Admin client and the local file system, never the runtime, and
 * rely on the runtime's naming: internal topics {@code <application.id>-<name>-repartition} and
 * {@code <application.id>-<state>-changelog}, dead letters in {@code <application.id>-dlq} (or
 * {@code errors.dead-letter.topic}), the consumer group {@code <application.id>} and local state in
 * {@code <state.dir>/<application.id>}.
 */
package dev.weir.ops.cli;
