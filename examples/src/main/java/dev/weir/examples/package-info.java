/** Runnable pipelines for the classic scenarios, and the launcher that runs them. */
package dev.weir.examples;
