package dev.weir.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.weir.api.Pipeline;
import dev.weir.ops.kafka.LocalKafka;
import dev.weir.runtime.Worker;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The embedded default of an example: starts a real Kafka broker on this machine, creates the
 * example's topics, generates click events, runs the pipeline, and prints its output as it is
 * committed, until Ctrl-C.
 */
final class EmbeddedDemo {

  private static final int PARTITIONS = 4;
  private static final String[] PAGES = {"/", "/products/xyz", "/products/abc", "/cart", "/help"};

  private EmbeddedDemo() {}

  static int run(ExampleOptions options, Pipeline pipeline) throws Exception {
    System.out.println("Starting a local Kafka broker (takes a few seconds)...");
    LocalKafka kafka = LocalKafka.start();
    String bootstrap = kafka.bootstrapServers();
    System.out.println("Kafka is up at " + bootstrap);
    List<String> topics = new java.util.ArrayList<>(List.of(options.input, options.output));
    if (options.extra().containsKey("late-output")) {
      topics.add(options.extra().get("late-output"));
    }
    createTopics(bootstrap, topics);
    if (!options.settings.containsKey("state.dir")) {
      options.settings.put("state.dir", Files.createTempDirectory("weir-demo-state").toString());
    }

    Worker worker = Worker.start(pipeline, options.config(bootstrap));
    CountDownLatch stop = new CountDownLatch(1);
    Thread generator = new Thread(() -> generate(bootstrap, options.input, stop), "click-generator");
    Thread printer = new Thread(() -> print(bootstrap, options.output, stop), "output-printer");
    generator.start();
    printer.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping...");
                  stop.countDown();
                  joinQuietly(generator);
                  joinQuietly(printer);
                  worker.close();
                  kafka.close();
                  Runtime.getRuntime().halt(worker.failure().isPresent() ? 1 : 0);
                },
                "demo-shutdown"));
    System.out.println(
        "Generating clicks into '" + options.input + "'; counts from '" + options.output
            + "' follow. Ctrl-C to stop.");
    while (!worker.awaitTermination(Duration.ofSeconds(1))) {
      // runs until Ctrl-C
    }
    if (worker.failure().isPresent()) {
      System.err.println("Worker failed: " + worker.failure().get());
      stop.countDown();
      kafka.close();
      return 1;
    }
    return 0;
  }

  private static void createTopics(String bootstrap, List<String> topics) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (String topic : topics) {
        try {
          admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }

  private static void generate(String bootstrap, String topic, CountDownLatch stop) {
    ObjectMapper json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    Random random = new Random();
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      while (!stop.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        for (int i = 0; i < 5; i++) {
          ClickEvent click =
              new ClickEvent(
                  Integer.toString(100 + random.nextInt(20)),
                  "click",
                  Instant.now(),
                  PAGES[random.nextInt(PAGES.length)]);
          // The record key is the page, not the user: the pipeline re-keys by user itself.
          producer.send(new ProducerRecord<>(topic, click.page(), json.writeValueAsString(click)));
        }
      }
    } catch (Exception e) {
      System.err.println("Click generator stopped: " + e);
    }
  }

  private static void print(String bootstrap, String topic, CountDownLatch stop) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "weir-demo-printer",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      while (stop.getCount() > 0) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          System.out.println(record.key() + " -> " + record.value());
        }
      }
    } catch (Exception e) {
      System.err.println("Output printer stopped: " + e);
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
