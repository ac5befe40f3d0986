package io.jasyncio.porting

// Both packages star-imported: the two `CompletionStage.await()` are candidates at the same level;
// ours uses a default argument, so kotlinx's is the more specific and the call is not ambiguous.
import io.jasyncio.kotlin.*
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import kotlinx.coroutines.future.*

class AwaitBothStarImportsSpec : FunSpec({
  test("with both packages star-imported, await() on a stage and on a task compiles and works") {
    runVirtual {
      val cf = CompletableFuture<String>()
      getRunningLoop().callSoon { cf.complete("plain") }
      val stage: CompletionStage<String> = cf
      stage.await() shouldBe "plain"
      createTask { sleep(0.1, 7) }.await() shouldBe 7
    }
  }
})
