package dev.weir.ops.cli;

import dev.weir.api.WeirException;

/**
 * A reset that was refused (the application still runs) or failed (the brokers or the file system
 * said no). The message says what was found, what was expected and the fix.
 */
public class ResetException extends WeirException {

  public ResetException(String message) {
    super(message);
  }

  public ResetException(String message, Throwable cause) {
    super(message, cause);
  }
}
