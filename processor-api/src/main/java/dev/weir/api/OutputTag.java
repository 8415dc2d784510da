package dev.weir.api;

import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * Names a side output: a second stream a function may emit to with
 * {@code context.output(tag, value)}, read with {@link KeyedStream#sideOutput(OutputTag)}. Two
 * tags are the same side output when their ids are equal. Immutable.
 *
 * @param <T> the type of the side output's values
 */
public final class OutputTag<T> {

  private static final Pattern LEGAL_ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  private final String id;
  private final Serde<T> serde;

  private OutputTag(String id, Serde<T> serde) {
    this.id = id;
    this.serde = serde;
  }

  /** A side output whose values have no known serde (give one before keying them). */
  public static <T> OutputTag<T> of(String id) {
    return new OutputTag<>(checkId(id), null);
  }

  /** A side output whose values are serialized with {@code serde} when they cross a topic. */
  public static <T> OutputTag<T> of(String id, Serde<T> serde) {
    return new OutputTag<>(checkId(id), Objects.requireNonNull(serde, "serde"));
  }

  public String id() {
    return id;
  }

  /** Null when not given. */
  public Serde<T> serde() {
    return serde;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OutputTag<?> tag && tag.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "OutputTag[" + id + "]";
  }

  private static String checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (!LEGAL_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Output tag id '"
              + id
              + "' is not allowed: use letters, digits, '.', '_' and '-' (1 to 200 characters)");
    }
    return id;
  }
}
