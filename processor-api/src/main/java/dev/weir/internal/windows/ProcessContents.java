package dev.weir.internal.windows;

import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.windows.ProcessWindowFunction;
import dev.weir.api.windows.Window;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Process windows: each element is an entry of the {@code <name>.elements} map state, keyed by the
 * window's namespace and its position, so adding one writes one entry (not the whole list); the
 * window entry holds only the count.
 */
final class ProcessContents<K, T, W extends Window, O> extends WindowContents<K, T, W, Void, O> {

  private final MapStateDescriptor<ElementKey, T> descriptor;
  private final ProcessWindowFunction<T, O, K, W> function;
  private MapState<ElementKey, T> elements;

  ProcessContents(
      MapStateDescriptor<ElementKey, T> descriptor, ProcessWindowFunction<T, O, K, W> function) {
    this.descriptor = descriptor;
    this.function = function;
  }

  @Override
  void open(KeyedProcessFunction.OpenContext context) {
    elements = context.state(descriptor);
  }

  @Override
  void add(WindowEntry<Void> entry, T element) {
    elements.put(ElementKey.of(entry, entry.size), element);
    entry.size++;
  }

  @Override
  boolean isEmpty(WindowEntry<Void> entry) {
    return entry.size == 0;
  }

  @Override
  void merge(WindowEntry<Void> target, WindowEntry<Void> source) {
    for (long i = 0; i < source.size; i++) {
      ElementKey from = ElementKey.of(source, i);
      elements.put(ElementKey.of(target, target.size), elements.get(from));
      elements.remove(from);
      target.size++;
    }
    source.size = 0;
  }

  @Override
  void emit(K key, W window, WindowEntry<Void> entry, Firing<K, W> firing, Collector<O> out)
      throws Exception {
    function.process(key, firing, new Elements(entry), out);
  }

  @Override
  void clear(WindowEntry<Void> entry) {
    for (long i = 0; i < entry.size; i++) {
      elements.remove(ElementKey.of(entry, i));
    }
    entry.size = 0;
  }

  /** A window's elements, read one at a time from the state as they are iterated. */
  private final class Elements implements Iterable<T> {

    private final long namespaceStart;
    private final long namespaceEnd;
    private final long size;

    Elements(WindowEntry<Void> entry) {
      this.namespaceStart = entry.namespaceStart;
      this.namespaceEnd = entry.namespaceEnd;
      this.size = entry.size;
    }

    @Override
    public Iterator<T> iterator() {
      return new Iterator<>() {
        private long next;

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public T next() {
          if (next >= size) {
            throw new NoSuchElementException();
          }
          return elements.get(new ElementKey(namespaceStart, namespaceEnd, next++));
        }
      };
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("[");
      for (T element : this) {
        text.append(text.length() > 1 ? ", " : "").append(element);
      }
      return text.append(']').toString();
    }
  }
}
