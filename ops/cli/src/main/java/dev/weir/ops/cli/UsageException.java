package dev.weir.ops.cli;

/** Bad command-line arguments; the message says what was wrong and what was expected. */
final class UsageException extends Exception {

  UsageException(String message) {
    super(message);
  }
}
