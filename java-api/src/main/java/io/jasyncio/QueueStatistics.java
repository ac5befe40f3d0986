package io.jasyncio;

/**
 * A snapshot of a {@link Queue}'s state, for debugging and metrics (as trio's
 * {@code statistics()}); taken atomically under the queue's lock.
 *
 * @param qsize items in the queue
 * @param maxsize the bound, or 0 when unbounded
 * @param unfinishedTasks items put and not yet marked done by {@link Queue#taskDone()}
 * @param waitingGetters getters waiting for an item
 * @param waitingPutters putters waiting for room
 * @param waitingJoiners callers waiting in {@link Queue#joinAsync()}
 * @param shutdown whether {@link Queue#shutdown(boolean)} was called
 */
public record QueueStatistics(
    int qsize,
    int maxsize,
    int unfinishedTasks,
    int waitingGetters,
    int waitingPutters,
    int waitingJoiners,
    boolean shutdown) {}
