/**
 * Functions Weir builds from the API's shorthands (rolling reduce and aggregate).
 *
 * <p>Not public API.
 */
package dev.weir.internal.functions;
