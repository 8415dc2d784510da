package dev.weir.config;

/**
 * Where a setting's value came from. {@link WeirConfig#fromSources} reads them in this order,
 * each overriding the ones before: {@link #DEFAULT} &lt; {@link #FILE} &lt; {@link #ENVIRONMENT}
 * &lt; {@link #FLAG}. {@link #CODE} is a {@link WeirConfig.Builder#set} call, which overrides what
 * was set before it and is overridden by what is set after.
 */
public enum ConfigSource {
  /** Not set: the option's default. */
  DEFAULT("default"),
  /** Set through {@link WeirConfig.Builder} in code. */
  CODE("set in code"),
  /** A properties file. */
  FILE("set in properties file"),
  /** A {@code WEIR_} environment variable. */
  ENVIRONMENT("set by environment variable"),
  /** A command-line flag. */
  FLAG("set on the command line");

  private final String description;

  ConfigSource(String description) {
    this.description = description;
  }

  /** How a startup print or an error message names this source: "set by environment variable". */
  public String description() {
    return description;
  }
}
