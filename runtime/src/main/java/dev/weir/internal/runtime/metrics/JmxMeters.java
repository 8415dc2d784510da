package dev.weir.internal.runtime.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;

/**
 * The registry of a worker started without one: a composite holding a JMX registry in domain
 * {@value #DOMAIN}, so that the meters show up in JConsole and JMX exporters.
 *
 * <p>Micrometer's JMX registry names each meter {@code
 * weir:name=<name>.<tag>.<value>...,type=<meters|gauges|timers>}, tags in key order. The name is
 * the meter's name in camel case without the {@code weir.} prefix (the domain says it already):
 * {@code weir.records.dead-lettered} becomes {@code recordsDeadLettered}, so for example {@code
 * weir:name=recordsProcessed.application.clicks.instance.3f2c...thread.0,type=meters}. Counters
 * expose {@code Count} and rates ({@code OneMinuteRate}...), gauges {@code Value}, timers {@code
 * Count}, {@code Mean}, {@code Max}, percentiles ({@code 50thPercentile}, {@code 99thPercentile})
 * and rates, durations in milliseconds.
 */
public final class JmxMeters {

  public static final String DOMAIN = "weir";

  /** Camel case without the {@code weir.} prefix, dashes read as dots. */
  static final NamingConvention NAMES =
      new NamingConvention() {
        @Override
        public String name(String name, Meter.Type type, String baseUnit) {
          String local = name.startsWith("weir.") ? name.substring("weir.".length()) : name;
          return NamingConvention.camelCase.name(local.replace('-', '.'), type, baseUnit);
        }

        @Override
        public String tagKey(String key) {
          return NamingConvention.camelCase.tagKey(key);
        }
      };

  private JmxMeters() {}

  /** A composite registry publishing to JMX; {@link #close} unregisters every MBean it made. */
  public static CompositeMeterRegistry newRegistry() {
    JmxConfig config =
        new JmxConfig() {
          @Override
          public String get(String key) {
            return null; // every other setting keeps its default
          }

          @Override
          public String domain() {
            return DOMAIN;
          }
        };
    JmxMeterRegistry jmx = new JmxMeterRegistry(config, Clock.SYSTEM);
    // Before any meter is registered: names are fixed at registration.
    jmx.config().namingConvention(NAMES);
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    composite.add(jmx);
    return composite;
  }

  /** Closes the composite and every registry in it. */
  public static void close(CompositeMeterRegistry registry) {
    registry.getRegistries().forEach(child -> child.close());
    registry.close();
  }
}
