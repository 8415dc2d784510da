/**
 * Typed configuration: every option is declared once ({@link dev.weir.config.WeirOptions}) with
 * its key, type, default, validation and documentation, and read from a {@link
 * dev.weir.config.WeirConfig} built from defaults, a properties file, {@code WEIR_} environment
 * variables and command-line flags ({@link dev.weir.config.WeirConfig#fromSources}). Rules that
 * span options are checked when a config is built. {@code docs/configuration.md} is generated
 * from the declarations by {@link dev.weir.config.ConfigDocs}.
 */
package dev.weir.config;
