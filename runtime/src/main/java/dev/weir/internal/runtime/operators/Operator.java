package dev.weir.internal.runtime.operators;

/**
 * One operator of a task's chain. {@link #process} is called on the task's thread for each value
 * reaching it; it calls the operators after it directly.
 *
 * <p>Exceptions of user code are wrapped in a
 * {@link dev.weir.internal.runtime.errors.RecordProcessingException} naming the operator, once,
 * by the operator whose code threw.
 */
public abstract class Operator {

  private static final Operator[] NONE = new Operator[0];

  protected final String name;
  private final Operator[] next;

  protected Operator(String name, Operator[] next) {
    this.name = name;
    this.next = next == null ? NONE : next;
  }

  public abstract void process(Object value);

  /** Hands a value to every following operator. */
  protected final void emit(Object value) {
    for (Operator operator : next) {
      operator.process(value);
    }
  }

  /** Called once when the task closes; closes the following operators too. */
  public void close() {
    for (Operator operator : next) {
      operator.close();
    }
  }

  public final String name() {
    return name;
  }
}
