package dev.weir.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads settings from a properties file and from {@code WEIR_} environment variables. Called once
 * at start, on the caller's thread.
 */
final class ConfigSources {

  static final String ENV_PREFIX = "WEIR_";

  /** Names the properties file for {@link WeirConfig#fromEnvironment}; not an option. */
  static final String CONFIG_FILE_VARIABLE = "WEIR_CONFIG_FILE";

  /** Environment name (without WEIR_) of each declared option, e.g. NUM_THREADS -> num.threads. */
  private static final Map<String, String> DECLARED_BY_ENV_NAME = declaredByEnvName();

  /** A setting read from the environment, and the variable it came from. */
  record EnvSetting(String variable, String key, String value) {}

  private ConfigSources() {}

  /** The key in upper case with '.' and '-' as '_', without the WEIR_ prefix. */
  static String toEnvironmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Reads a properties file (UTF-8), keys sorted.
   *
   * @throws ConfigException when the file is missing or unreadable
   */
  static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "The config file "
              + file.toAbsolutePath()
              + " does not exist. Check the path, or start without a config file.",
          e);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "Cannot read the config file "
              + file.toAbsolutePath()
              + ": "
              + e.getMessage()
              + ". It must be a readable Java properties file in UTF-8, key=value per line.",
          e);
    }
    Map<String, String> entries = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> entries.put(key, properties.getProperty(key)));
    return entries;
  }

  /**
   * Maps every {@code WEIR_} variable to its key, sorted by variable. A declared option's
   * variable maps to its key, hyphens included ({@code WEIR_STATE_ROCKSDB_BLOCK_CACHE_SIZE} to
   * {@code state.rocksdb.block-cache-size}); a client or security variable maps to a Kafka key
   * with '_' as '.' ({@code WEIR_PRODUCER_COMPRESSION_TYPE} to {@code producer.compression.type}).
   * Variables not starting with WEIR_, and WEIR_CONFIG_FILE, are ignored.
   *
   * @throws ConfigException naming every WEIR_ variable that maps to no key
   */
  static List<EnvSetting> readEnvironment(Map<String, String> environment) {
    List<EnvSetting> settings = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(environment).entrySet()) {
      String variable = entry.getKey();
      if (!variable.startsWith(ENV_PREFIX) || variable.equals(CONFIG_FILE_VARIABLE)) {
        continue;
      }
      String key = keyOf(variable.substring(ENV_PREFIX.length()));
      if (key == null) {
        unknown.add(variable);
      } else {
        settings.add(new EnvSetting(variable, key, entry.getValue()));
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(unknownVariablesMessage(unknown));
    }
    return settings;
  }

  /** The key an environment name (without WEIR_) stands for, or null. */
  private static String keyOf(String name) {
    String declared = DECLARED_BY_ENV_NAME.get(name);
    if (declared != null) {
      return declared;
    }
    List<String> passThrough = new ArrayList<>(WeirOptions.CLIENT_PREFIXES);
    passThrough.addAll(WeirOptions.SECURITY_PREFIXES);
    for (String prefix : passThrough) {
      String envPrefix = toEnvironmentName(prefix);
      if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
        String rest = name.substring(envPrefix.length());
        // Kafka's keys are lower case and dotted, so '_' can only have been '.'.
        if (rest.equals(rest.toUpperCase(Locale.ROOT)) && !rest.startsWith("_")) {
          return prefix + rest.toLowerCase(Locale.ROOT).replace('_', '.');
        }
      }
    }
    return null;
  }

  private static String unknownVariablesMessage(List<String> variables) {
    List<String> described = new ArrayList<>();
    for (String variable : variables) {
      String name = variable.substring(ENV_PREFIX.length());
      String closest = closest(name, DECLARED_BY_ENV_NAME.keySet());
      if (closest != null) {
        described.add(
            variable
                + " (did you mean "
                + ENV_PREFIX
                + closest
                + ", for "
                + DECLARED_BY_ENV_NAME.get(closest)
                + "?)");
      } else if (name.startsWith("SERVICE_") || name.equals("PORT") || name.startsWith("PORT_")) {
        described.add(
            variable
                + " (Kubernetes sets it for a Service named 'weir': rename the Service, or set"
                + " enableServiceLinks: false in the pod spec)");
      } else {
        described.add(variable);
      }
    }
    return (variables.size() == 1
            ? "Unknown environment variable " + described.get(0) + ": it names no Weir setting."
            : "Unknown environment variables "
                + String.join(", ", described)
                + ": they name no Weir setting.")
        + " Weir reads every WEIR_ variable as a setting: WEIR_ and the option's key in upper case"
        + " with '.' and '-' as '_' (WEIR_STATE_ROCKSDB_BLOCK_CACHE_SIZE for"
        + " state.rocksdb.block-cache-size); Kafka client settings as WEIR_CONSUMER_...,"
        + " WEIR_PRODUCER_... or WEIR_ADMIN_..., security settings as WEIR_SECURITY_...,"
        + " WEIR_SASL_... or WEIR_SSL_.... Fix the name, or unset the variable.";
  }

  /** The candidate nearest to {@code name}, when near enough to be a typo; else null. */
  static String closest(String name, Collection<String> candidates) {
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = editDistance(name, candidate);
      if (distance < best) {
        best = distance;
        closest = candidate;
      }
    }
    return best <= Math.max(2, name.length() / 4) ? closest : null;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static Map<String, String> declaredByEnvName() {
    Map<String, String> byName = new HashMap<>();
    for (ConfigOption<?> option : WeirOptions.ALL) {
      String previous = byName.put(toEnvironmentName(option.key()), option.key());
      if (previous != null) {
        throw new IllegalStateException(
            option.key() + " and " + previous + " have the same environment variable");
      }
    }
    return Map.copyOf(byName);
  }
}
