package dev.weir.internal.windows;

/**
 * Carries a checked exception thrown by a user function that a state view called, where the state
 * interface cannot throw it. Goes to the pipeline's error handler like any exception of the
 * operator.
 */
final class WindowFunctionException extends RuntimeException {

  WindowFunctionException(String message, Exception cause) {
    super(message + ": " + cause, cause);
  }
}
