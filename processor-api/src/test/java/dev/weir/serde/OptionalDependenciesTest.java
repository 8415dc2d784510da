package dev.weir.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * {@link Serdes} must load, and its non-JSON, non-Avro serdes work, without Jackson and Avro on the
 * classpath. The classes of this package are loaded afresh by a class loader that hides Jackson and
 * Avro (everything else, Kafka included, comes from the test class path). Methods are looked up one
 * by one with method handles, as a caller's bytecode would link them: reflection that lists all
 * methods would resolve every signature, Jackson and Avro types included.
 */
class OptionalDependenciesTest {

  /** Loads dev.weir.serde itself and refuses Jackson and Avro. */
  static final class HidingClassLoader extends ClassLoader {
    HidingClassLoader(ClassLoader parent) {
      super("without-jackson-and-avro", parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("com.fasterxml.jackson.") || name.startsWith("org.apache.avro.")) {
        throw new ClassNotFoundException(name + " (hidden by the test)");
      }
      if (!name.startsWith("dev.weir.serde.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          String resource = name.replace('.', '/') + ".class";
          try (InputStream in = getParent().getResourceAsStream(resource)) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }

  private final ClassLoader loader = new HidingClassLoader(Serdes.class.getClassLoader());

  private MethodHandle method(String name, Class<?>... parameters) throws Exception {
    Class<?> serdes = Class.forName("dev.weir.serde.Serdes", true, loader);
    assertThat(serdes).isNotSameAs(Serdes.class);
    return MethodHandles.publicLookup()
        .findStatic(serdes, name, MethodType.methodType(Serde.class, parameters));
  }

  @Test
  void theLoaderReallyHidesJacksonAndAvro() {
    assertThatThrownBy(() -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, loader))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("org.apache.avro.Schema", false, loader))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void primitiveSerdesWorkWithoutJacksonAndAvro() throws Throwable {
    Serde<String> string = (Serde<String>) method("string").invoke();
    assertThat(string.deserializer().deserialize("t", string.serializer().serialize("t", "héllo")))
        .isEqualTo("héllo");
    assertThat(string.getClass().getClassLoader()).isSameAs(loader);

    Serde<Long> longs = (Serde<Long>) method("longs").invoke();
    assertThat(longs.deserializer().deserialize("t", longs.serializer().serialize("t", Long.MIN_VALUE)))
        .isEqualTo(Long.MIN_VALUE);

    Serde<Integer> ints = (Serde<Integer>) method("ints").invoke();
    assertThat(ints.deserializer().deserialize("t", ints.serializer().serialize("t", 7))).isEqualTo(7);

    Serde<byte[]> bytes = (Serde<byte[]>) method("bytes").invoke();
    assertThat(bytes.serializer().serialize("t", new byte[] {1})).containsExactly(1);
  }

  @Test
  void jsonAndAvroSayWhatIsMissing() throws Throwable {
    MethodHandle json = method("json", Class.class);
    for (int attempt = 0; attempt < 2; attempt++) { // the second attempt hits an already failed class
      assertThatThrownBy(() -> json.invoke(String.class))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Serdes.json needs com.fasterxml.jackson.core:jackson-databind on the classpath");
    }
    MethodHandle jsonTree = method("jsonTree");
    assertThatThrownBy(() -> jsonTree.invoke())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jackson-databind");
    MethodHandle avroSpecific = method("avroSpecific", Class.class);
    assertThatThrownBy(() -> avroSpecific.invoke(String.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Serdes.avroSpecific needs org.apache.avro:avro on the classpath");
  }
}
