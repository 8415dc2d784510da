/** The HTTP liveness and readiness endpoint a supervisor can poll. Not public API. */
package dev.weir.internal.runtime.health;
