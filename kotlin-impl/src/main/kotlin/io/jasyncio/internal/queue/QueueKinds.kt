package io.jasyncio.internal.queue

import io.jasyncio.LifoQueue
import io.jasyncio.PriorityQueue

/** A growable ring of items (nulls allowed, unlike ArrayDeque). Not thread-safe. */
internal class ItemRing {
  private var items = arrayOfNulls<Any?>(16)
  private var head = 0

  var size: Int = 0
    private set

  private fun grow() {
    if (size < items.size) return
    val bigger = arrayOfNulls<Any?>(items.size * 2)
    for (i in 0 until size) bigger[i] = items[(head + i) and (items.size - 1)]
    items = bigger
    head = 0
  }

  fun addLast(x: Any?) {
    grow()
    items[(head + size) and (items.size - 1)] = x
    size++
  }

  fun addFirst(x: Any?) {
    grow()
    head = (head - 1) and (items.size - 1)
    items[head] = x
    size++
  }

  fun pollFirst(): Any? {
    val x = items[head]
    items[head] = null
    head = (head + 1) and (items.size - 1)
    size--
    return x
  }

  fun pollLast(): Any? {
    val i = (head + size - 1) and (items.size - 1)
    val x = items[i]
    items[i] = null
    size--
    return x
  }

  fun clear(): Int {
    val n = size
    items.fill(null)
    head = 0
    size = 0
    return n
  }
}

/** asyncio.Queue: first in, first out; a given-back item returns to the head. */
internal class FifoQueueImpl<E>(maxsize: Int) : QueueImpl<E>(maxsize) {
  private val ring = ItemRing()
  override val count: Int get() = ring.size

  override fun add(item: E) = ring.addLast(item)

  @Suppress("UNCHECKED_CAST")
  override fun take(): E = ring.pollFirst() as E

  override fun giveBack(item: E) = ring.addFirst(item)

  override fun clear(): Int = ring.clear()
}

/** asyncio.LifoQueue: last in, first out; a given-back item returns to the top. */
internal class LifoQueueImpl<E>(maxsize: Int) : QueueImpl<E>(maxsize), LifoQueue<E> {
  private val ring = ItemRing()
  override val count: Int get() = ring.size

  override fun add(item: E) = ring.addLast(item)

  @Suppress("UNCHECKED_CAST")
  override fun take(): E = ring.pollLast() as E

  override fun giveBack(item: E) = ring.addLast(item)

  override fun clear(): Int = ring.clear()

  override fun kind(): String = "LifoQueue"
}

/**
 * asyncio.PriorityQueue: a binary min-heap. Ties come out in insertion order (each item carries a
 * sequence number); a given-back item gets a sequence number below every other, so it comes out
 * first among its equals, as it would have. Every sift first plans its path with comparisons only
 * and then moves items, so a comparator that throws leaves the heap untouched.
 */
internal class PriorityQueueImpl<E>(maxsize: Int, private val cmp: Comparator<in E>?) :
  QueueImpl<E>(maxsize), PriorityQueue<E> {
  private var heap = arrayOfNulls<Any?>(16)
  private var seqs = LongArray(16)
  private var n = 0
  private var nextSeq = 0L
  private var backSeq = 0L

  override val count: Int get() = n

  override fun comparator(): Comparator<in E>? = cmp

  override fun kind(): String = "PriorityQueue"

  @Suppress("UNCHECKED_CAST")
  private fun less(a: Any?, sa: Long, b: Any?, sb: Long): Boolean {
    val c = if (cmp != null) cmp.compare(a as E, b as E) else (a as Comparable<Any?>).compareTo(b)
    return c < 0 || (c == 0 && sa < sb)
  }

  override fun checkItem(item: E) {
    if (cmp == null) {
      if (item == null) {
        throw NullPointerException(
          "item is null: a PriorityQueue with natural ordering cannot rank null" +
            " (create it with a null-tolerant comparator such as Comparator.nullsFirst)",
        )
      }
      if (item !is Comparable<*>) {
        throw ClassCastException(
          "${item.javaClass.name} is not Comparable: create the PriorityQueue with a comparator",
        )
      }
    } else if (item == null) {
      try {
        cmp.compare(null as E, null as E)
      } catch (e: NullPointerException) {
        throw NullPointerException(
          "item is null and this PriorityQueue's comparator does not accept null" +
            " (wrap it in Comparator.nullsFirst or nullsLast)",
        ).also { it.initCause(e) }
      }
    }
  }

  /** The slot an item with sequence [s] sifts up to; comparisons only. */
  private fun siftUpTarget(item: Any?, s: Long): Int {
    var i = n
    while (i > 0) {
      val p = (i - 1) ushr 1
      if (less(item, s, heap[p], seqs[p])) i = p else break
    }
    return i
  }

  override fun probe(item: E) {
    siftUpTarget(item, nextSeq)
  }

  private fun insert(item: Any?, s: Long) {
    val target = siftUpTarget(item, s)
    if (n == heap.size) {
      heap = heap.copyOf(n * 2)
      seqs = seqs.copyOf(n * 2)
    }
    var j = n
    while (j > target) {
      val p = (j - 1) ushr 1
      heap[j] = heap[p]
      seqs[j] = seqs[p]
      j = p
    }
    heap[target] = item
    seqs[target] = s
    n++
  }

  override fun add(item: E) {
    insert(item, nextSeq)
    nextSeq++
  }

  override fun giveBack(item: E) {
    insert(item, --backSeq)
  }

  @Suppress("UNCHECKED_CAST")
  override fun take(): E {
    val top = heap[0]
    val m = n - 1
    val last = heap[m]
    val ls = seqs[m]
    // plan: one bit per level, set when the path goes right
    var path = 0L
    var depth = 0
    var i = 0
    while (true) {
      val l = 2 * i + 1
      if (l >= m) break
      var c = l
      var right = 0L
      if (l + 1 < m && less(heap[l + 1], seqs[l + 1], heap[l], seqs[l])) {
        c = l + 1
        right = 1L
      }
      if (!less(heap[c], seqs[c], last, ls)) break
      path = path or (right shl depth)
      depth++
      i = c
    }
    // move
    var j = 0
    for (d in 0 until depth) {
      val c = 2 * j + 1 + ((path ushr d) and 1L).toInt()
      heap[j] = heap[c]
      seqs[j] = seqs[c]
      j = c
    }
    heap[j] = last
    seqs[j] = ls
    heap[m] = null
    n = m
    return top as E
  }

  override fun clear(): Int {
    val k = n
    heap.fill(null)
    n = 0
    return k
  }
}
