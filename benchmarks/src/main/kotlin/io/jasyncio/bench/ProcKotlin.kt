package io.jasyncio.bench

import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.createSubprocessExec
import io.jasyncio.kotlin.drain
import io.jasyncio.kotlin.gather
import io.jasyncio.kotlin.read
import io.jasyncio.kotlin.wait
import io.jasyncio.process.Stdio
import java.util.Locale
import kotlinx.coroutines.async

/** W13 and W14 through the Kotlin face. */
object ProcKotlin {
  /** W13: start 200 `true` processes and wait for all of them with gather. */
  fun spawn(): Result = asyncioRun {
    val n = Registry.PROC_SPAWN_N
    val t0 = System.nanoTime()
    val blocks: List<suspend kotlinx.coroutines.CoroutineScope.() -> Int> = (0 until n).map { { createSubprocessExec("true").wait() } }
    val rcs = gather(blocks)
    val dt = Result.secondsSince(t0)
    check(rcs.all { it == 0 }) { "rcs $rcs" }
    Result.of("procs=$n", n.toLong(), dt)
  }

  /** W14: 256 MiB through `cat` in 64 KiB writes with drain, read back as it comes; MB/s. */
  fun pipe(): Result = asyncioRun {
    val total = Registry.PROC_PIPE_BYTES
    val p = createSubprocessExec("cat", stdin = Stdio.PIPE, stdout = Stdio.PIPE)
    val t0 = System.nanoTime()
    val reader = async {
      var n = 0L
      while (true) {
        val d = p.stdout()!!.read(1 shl 16)
        if (d.isEmpty()) break
        n += d.size
      }
      n
    }
    val chunk = ByteArray(Registry.BULK_CHUNK)
    val w = p.stdin()!!
    repeat((total / chunk.size).toInt()) {
      w.write(chunk)
      w.drain()
    }
    w.close()
    val n = reader.await()
    p.wait()
    val dt = Result.secondsSince(t0)
    Result.checkCount(n, total)
    Result(
      "bytes=$total,chunk=${Registry.BULK_CHUNK}", total, dt,
      linkedMapOf("mb_per_s" to String.format(Locale.ROOT, "%.0f", total / 1048576.0 / dt)),
    )
  }
}
