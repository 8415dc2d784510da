package dev.weir.internal.runtime.state;

/** Carries a checked exception of a user function called by a state handle. */
final class UserCodeException extends RuntimeException {

  UserCodeException(String message, Exception cause) {
    super(message + ": " + cause, cause);
  }
}
