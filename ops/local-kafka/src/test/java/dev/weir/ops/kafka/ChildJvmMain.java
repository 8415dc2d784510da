package dev.weir.ops.kafka;

import java.nio.file.Path;

/**
 * Started as a separate JVM by {@link ParentDeathTest}: starts one broker, prints its pid and
 * address, then waits to be killed.
 */
public final class ChildJvmMain {

    private ChildJvmMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalKafka kafka = LocalKafka.start(LocalKafkaOptions.defaults().baseDirectory(Path.of(args[0])));
        System.out.println("broker.pid=" + kafka.pid(0) + " bootstrap=" + kafka.bootstrapServers()
                + " dir=" + kafka.dataDirectory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
