/** What happens to records that fail. Not public API. */
package dev.weir.internal.runtime.errors;
