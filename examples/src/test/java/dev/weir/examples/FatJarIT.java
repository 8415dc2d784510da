package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.testkafka.TestKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's pipeline packaged as one fat JAR runs as a process of its own: it prints what it runs,
 * processes records, and on SIGTERM commits, closes and exits with code 0.
 */
class FatJarIT {

  @TempDir Path directory;

  @Test
  void aFatJarOfATinyPipelineRunsAndStopsCleanlyOnSigterm() throws Exception {
    Path jar = directory.resolve("tiny-pipeline.jar");
    buildFatJar(jar, TinyPipeline.class.getName());

    String input = TestKafka.unique("words");
    String output = TestKafka.unique("shouts");
    String applicationId = TestKafka.unique("tiny");
    TestKafka.createTopics(2, input, output);
    TestKafka.produce(
        List.of(
            new ProducerRecord<>(input, null, "hello".getBytes(StandardCharsets.UTF_8)),
            new ProducerRecord<>(input, null, "weir".getBytes(StandardCharsets.UTF_8))));

    Path log = directory.resolve("tiny.log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toString(),
                TestKafka.bootstrap(),
                applicationId,
                input,
                output,
                directory.resolve("state").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      List<String> shouts =
          TestKafka.readUntil(output, Duration.ofSeconds(60), read -> read.size() >= 2).stream()
              .map(record -> new String(record.value(), StandardCharsets.UTF_8))
              .toList();
      assertThat(shouts).containsExactlyInAnyOrder("HELLO", "WEIR");
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped; see %s", log).isTrue();
      assertThat(process.exitValue()).as("exit code; see %s", log).isZero();
      String printed = Files.readString(log);
      assertThat(printed)
          .contains("Weir: application '" + applicationId + "'")
          .contains("bootstrap servers " + TestKafka.bootstrap())
          .contains("stage 0 reads [" + input + "]")
          .contains("Application '" + applicationId + "' stopped");
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * Packs every class and resource of this test's class path into one runnable JAR, as a shading
   * plugin does: first copy of a file wins, service files are merged, signatures are dropped.
   */
  private static void buildFatJar(Path jar, String mainClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    Set<String> written = new HashSet<>();
    Map<String, StringBuilder> services = new LinkedHashMap<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      written.add("META-INF/MANIFEST.MF");
      for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        Path path = Path.of(entry);
        if (Files.isDirectory(path)) {
          List<Path> files;
          try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile).toList();
          }
          for (Path file : files) {
            String name = path.relativize(file).toString().replace('\\', '/');
            try (InputStream in = Files.newInputStream(file)) {
              copy(out, name, in, written, services);
            }
          }
        } else if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
          try (JarFile source = new JarFile(path.toFile())) {
            Enumeration<JarEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
              JarEntry item = entries.nextElement();
              if (!item.isDirectory()) {
                try (InputStream in = source.getInputStream(item)) {
                  copy(out, item.getName(), in, written, services);
                }
              }
            }
          }
        }
      }
      for (Map.Entry<String, StringBuilder> service : services.entrySet()) {
        out.putNextEntry(new JarEntry(service.getKey()));
        out.write(service.getValue().toString().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
  }

  private static void copy(
      JarOutputStream out,
      String name,
      InputStream in,
      Set<String> written,
      Map<String, StringBuilder> services)
      throws IOException {
    String upper = name.toUpperCase(java.util.Locale.ROOT);
    if (upper.startsWith("META-INF/") && (upper.endsWith(".SF") || upper.endsWith(".DSA")
        || upper.endsWith(".RSA") || upper.equals("META-INF/MANIFEST.MF"))
        || name.endsWith("module-info.class")) {
      return;
    }
    if (name.startsWith("META-INF/services/")) {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        StringBuilder merged = services.computeIfAbsent(name, n -> new StringBuilder());
        reader.lines().forEach(line -> merged.append(line).append('\n'));
      }
      return;
    }
    if (!written.add(name)) {
      return;
    }
    out.putNextEntry(new JarEntry(name));
    in.transferTo(out);
    out.closeEntry();
  }
}
