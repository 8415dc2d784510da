package dev.weir.config;

import dev.weir.api.WeirException;

/**
 * A configuration value that is missing, malformed or in conflict with another. The message names
 * the key, what was found, what was expected and how to fix it.
 */
public class ConfigException extends WeirException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
