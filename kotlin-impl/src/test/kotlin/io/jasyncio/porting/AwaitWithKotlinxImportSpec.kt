package io.jasyncio.porting

// The other import situation: kotlinx's await imported by name next to the star import. The
// explicit import wins (Kotlin resolves explicit imports before star imports), so this compiles
// and every `await()` below is kotlinx's, with the same outcomes. (AwaitBothStarImportsSpec: both
// packages star-imported; interop-tests' SharedSyncInteropTest: both awaits imported by name.)
import io.jasyncio.kotlin.*
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.future.await

class AwaitWithKotlinxImportSpec : FunSpec({
  test("with kotlinx.coroutines.future.await imported by name, await() compiles and works") {
    runVirtual {
      val cf = CompletableFuture<String>()
      getRunningLoop().callSoon { cf.complete("plain") }
      cf.await() shouldBe "plain"
      createTask { sleep(0.1, 7) }.await() shouldBe 7
    }
  }
})
