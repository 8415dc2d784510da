/**
 * The commit protocol: the commit is the checkpoint. Not public API.
 */
package dev.weir.internal.runtime.commit;
