package dev.weir.api.windows;

/**
 * The one window that holds every element of a key, used by {@link GlobalWindows}. It never ends,
 * so only a trigger such as {@link CountTrigger} emits its contents.
 */
public final class GlobalWindow implements Window {

  private static final GlobalWindow INSTANCE = new GlobalWindow();

  private GlobalWindow() {}

  /** The only instance. */
  public static GlobalWindow get() {
    return INSTANCE;
  }

  /** {@code Long.MAX_VALUE}: the watermark never completes the global window. */
  @Override
  public long maxTimestamp() {
    return Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    return "GlobalWindow";
  }
}
