package dev.weir.api.windows;

import java.util.Collection;
import java.util.List;

/**
 * Puts every element of a key into the one {@link GlobalWindow}. The window never ends, so its
 * default trigger never fires: give it a trigger, typically {@code
 * PurgingTrigger.of(CountTrigger.of(n))} for a result every {@code n} elements. Its state is kept
 * until a purging trigger empties it (the trigger's own state stays). Immutable.
 */
public final class GlobalWindows extends WindowAssigner<Object, GlobalWindow> {

  private static final GlobalWindows INSTANCE = new GlobalWindows();
  private static final List<GlobalWindow> ONLY = List.of(GlobalWindow.get());

  private GlobalWindows() {}

  public static GlobalWindows create() {
    return INSTANCE;
  }

  @Override
  public Collection<GlobalWindow> assignWindows(
      Object element, long timestamp, AssignerContext context) {
    return ONLY;
  }

  /** A trigger that never fires. */
  @Override
  public Trigger<Object, Window> defaultTrigger() {
    return NeverTrigger.INSTANCE;
  }

  /** False: the global window has no end in either time, so no record is ever late for it. */
  @Override
  public boolean isEventTime() {
    return false;
  }

  @Override
  public String toString() {
    return "GlobalWindows";
  }
}
