package dev.weir.internal.runtime.errors;

/**
 * A record failed in one operator: its deserializer, its user function or its serializer threw.
 * Carries the operator's name so that the error handler can say where. Thrown by operators on the
 * task thread and caught by the task around each input record.
 */
public final class RecordProcessingException extends RuntimeException {

  private final String operator;

  public RecordProcessingException(String operator, Throwable cause) {
    super("Operator '" + operator + "' failed: " + cause, cause, false, false);
    this.operator = operator;
  }

  public String operator() {
    return operator;
  }
}
