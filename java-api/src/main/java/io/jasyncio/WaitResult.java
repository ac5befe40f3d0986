package io.jasyncio;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link Asyncio#wait(java.util.Collection) Asyncio.wait} returns: asyncio's
 * {@code (done, pending)} pair.
 *
 * <p>Both sets hold the very objects that were passed in (not wrappers), each once, in the order
 * they were first passed; they are unmodifiable snapshots taken when the wait returned. A future in
 * {@code pending} keeps running: {@code wait} never cancels anything.
 *
 * @param <F> the type of the awaitables
 * @param done the awaitables that were done when the wait returned
 * @param pending the awaitables that were not
 */
public record WaitResult<F>(Set<F> done, Set<F> pending) {
  /**
   * @param done the awaitables that were done
   * @param pending the awaitables that were not
   * @throws NullPointerException if either set is {@code null}
   */
  public WaitResult {
    Objects.requireNonNull(done, "done");
    done = Collections.unmodifiableSet(new LinkedHashSet<>(done));
    pending =
        Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(pending, "pending")));
  }
}
