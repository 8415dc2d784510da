/**
 * Typed configuration: every option is declared once ({@link dev.weir.config.WeirOptions}) with
 * its key, type, default, validation and documentation, and read from a
 * {@link dev.weir.config.WeirConfig}.
 */
package dev.weir.config;
