/**
 * Keyed state stores behind one byte-level interface, the write cache in front of them, and the
 * bookkeeping of changelog offsets kept inside each store.
 *
 * <p>Not public API: the runtime uses these classes; pipelines never see them. They may change in
 * any release.
 */
package dev.weir.internal.state;
