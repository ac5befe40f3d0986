package io.jasyncio.internal.process

import java.util.concurrent.ThreadFactory
import java.util.concurrent.atomic.AtomicLong

/**
 * Where the pipe pumps run: a virtual thread on JDK 21+, a daemon platform thread on JDK 17.
 *
 * The JDK's process pipes are plain blocking streams (no selectable channel), so each pipe gets
 * a thread that blocks in `read`/`write` and hands the bytes to or takes them from the loop. The
 * virtual-thread factory is looked up reflectively as in `DirectThreads` (bytecode stays Java 17);
 * `-Djasyncio.pipe.threads=platform` forces platform threads.
 */
internal object PumpThreads {
  private val n = AtomicLong()

  private val virtualFactory: ThreadFactory? = lookup()

  /** True if pumps run on virtual threads. */
  @JvmField val virtual: Boolean = virtualFactory != null

  private fun lookup(): ThreadFactory? {
    if (System.getProperty("jasyncio.pipe.threads", "auto") == "platform") return null
    return try {
      val builderClass = Class.forName("java.lang.Thread\$Builder")
      var b = Thread::class.java.getMethod("ofVirtual").invoke(null)
      b = builderClass.getMethod("name", String::class.java, java.lang.Long.TYPE).invoke(b, "jasyncio-pipe-", 0L)
      builderClass.getMethod("factory").invoke(b) as ThreadFactory
    } catch (e: ReflectiveOperationException) {
      null
    }
  }

  /** Starts [r] on a new pump thread. */
  fun start(r: Runnable): Thread {
    val t = virtualFactory?.newThread(r) ?: Thread(r, "jasyncio-pipe-p${n.incrementAndGet()}").also { it.isDaemon = true }
    t.start()
    return t
  }
}
