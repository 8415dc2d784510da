package dev.weir.api.windows;

/** What a {@link Trigger} tells the window operator to do with a window. */
public enum TriggerResult {
  /** Nothing. */
  CONTINUE,
  /** Emit the window's result and keep its contents. */
  FIRE,
  /** Discard the window's contents without emitting them; the trigger keeps its own state. */
  PURGE,
  /** Emit the window's result, then discard its contents. */
  FIRE_AND_PURGE;

  /** Whether the window's result is emitted. */
  public boolean isFire() {
    return this == FIRE || this == FIRE_AND_PURGE;
  }

  /** Whether the window's contents are discarded (after emitting, if it also fires). */
  public boolean isPurge() {
    return this == PURGE || this == FIRE_AND_PURGE;
  }
}
