package dev.weir.api;

/** Local state that cannot be opened, read or restored. */
public class StateException extends WeirException {

  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
