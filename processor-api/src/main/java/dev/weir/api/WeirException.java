package dev.weir.api;

/**
 * Root of the exceptions Weir throws. Unchecked; the subtypes name what a caller can act on.
 */
public class WeirException extends RuntimeException {

  public WeirException(String message) {
    super(message);
  }

  public WeirException(String message, Throwable cause) {
    super(message, cause);
  }
}
