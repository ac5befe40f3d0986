package io.jasyncio.kotlin

import io.jasyncio.ExceptionContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import java.net.InetAddress
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.Pipe
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch

/** addReader/addWriter through the Kotlin face (issue 14): accepting, rejecting, reporting. */
class AddReaderSpec : FunSpec({
  test("addReader on a listening ServerSocketChannel accepts; addWriter runs once connected") {
    val seen = bounded {
      asyncioRun {
        val loop = getRunningLoop()
        ServerSocketChannel.open().bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).use { server ->
          SocketChannel.open().use { client ->
            val got = CompletableDeferred<String>()
            loop.addReader(server) {
              val c = server.accept() ?: return@addReader
              loop.removeReader(server)
              loop.addReader(c) {
                val buf = ByteBuffer.allocate(64)
                c.read(buf)
                loop.removeReader(c)
                c.close()
                got.complete(String(buf.array(), 0, buf.position()))
              }
            }
            client.configureBlocking(false)
            client.connect(server.localAddress)
            loop.addWriter(client) {
              if (client.isConnectionPending) client.finishConnect()
              loop.removeWriter(client)
              client.write(ByteBuffer.wrap("hello".toByteArray()))
            }
            waitFor(5.0) { got.await() }
          }
        }
      }
    }
    seen shouldBe "hello"
  }

  test("a channel that supports neither is rejected with a message naming it") {
    val pipe = Pipe.open()
    try {
      runVirtual {
        val loop = getRunningLoop()
        shouldThrow<IllegalArgumentException> { loop.addReader(pipe.sink()) {} }.message shouldContain
          "${pipe.sink()} supports neither reading or accepting (addReader)"
        shouldThrow<IllegalArgumentException> { loop.addWriter(pipe.source()) {} }.message shouldEndWith
          "its valid operations are [OP_READ]"
        loop.removeReader(pipe.sink()) shouldBe false
      }
    } finally {
      pipe.sink().close()
      pipe.source().close()
    }
  }

  test("a task killed by addReader is reported while the loop runs, not at close") {
    val pipe = Pipe.open()
    val reports = CopyOnWriteArrayList<ExceptionContext>()
    try {
      bounded {
        asyncioRun {
          val loop = getRunningLoop()
          loop.setExceptionHandler { _, ctx -> reports += ctx }
          createTask(name = "acceptor") {
            // the callback holds the task's scope, as a real accept callback launching handlers does
            loop.addReader(pipe.sink()) { launch { } }
            awaitCancellation()
          }
          waitFor(5.0) { while (reports.isEmpty()) sleep(0.01) }
        }
      }
    } finally {
      pipe.sink().close()
      pipe.source().close()
    }
    reports.map { it.message() } shouldContainExactly listOf("Task exception was never retrieved: Task 'acceptor'")
    (reports[0].exception() is IllegalArgumentException) shouldBe true
  }
})
